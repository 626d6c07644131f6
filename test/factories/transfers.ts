import { randomUUID } from 'node:crypto';
import { SUB_PROCESSOR } from './defaults';
import { seedSubProcessorLinks, type Instant, type Queryable, type SubProcessorLinkSeed } from './sql';

/**
 * Sub-processors with their transfer basis and their authorised links, straight into
 * Postgres: for tests of what is read from them (the Art. 30(2) record) rather than of the
 * announcement and objection flow that produces them.
 */
export interface TransferSubProcessorSeed {
  processorId: string;
  name?: string;
  service?: string;
  country?: string;
  transferMechanism?: 'adequacy' | 'scc' | 'bcr' | 'derogation' | null;
  dpfCertified?: boolean | null;
  dpfCheckedAt?: Instant | null;
  sccModule?: number | null;
  sccVersion?: string | null;
  derogationJustification?: string | null;
}

export async function seedTransferSubProcessor(db: Queryable, seed: TransferSubProcessorSeed): Promise<string> {
  const s = { ...SUB_PROCESSOR, ...seed };
  const id = randomUUID();
  await db.query(
    `INSERT INTO sub_processors (id, processor_id, name, service, country, transfer_mechanism, dpf_certified, dpf_checked_at, scc_module, scc_version, derogation_justification)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      id,
      s.processorId,
      s.name,
      s.service,
      s.country,
      s.transferMechanism ?? null,
      s.dpfCertified ?? null,
      s.dpfCheckedAt ?? null,
      s.sccModule ?? null,
      s.sccVersion ?? null,
      s.derogationJustification ?? null,
    ],
  );
  return id;
}

/** One link with what a test usually means: authorised, announced long ago, decided a day later (pending ones undecided). */
export async function seedSubProcessorLink(
  db: Queryable,
  seed: Pick<SubProcessorLinkSeed, 'subProcessorId' | 'agreementId'> & Partial<Pick<SubProcessorLinkSeed, 'status' | 'announcedAt' | 'decidedAt'>>,
): Promise<string> {
  const status = seed.status ?? 'authorized';
  const announcedAt = new Date(seed.announcedAt ?? '2020-01-01T00:00:00Z');
  const decidedAt = seed.decidedAt !== undefined ? seed.decidedAt : status.startsWith('pending') ? null : new Date(announcedAt.getTime() + 86_400_000);
  const [id] = await seedSubProcessorLinks(db, [{ subProcessorId: seed.subProcessorId, agreementId: seed.agreementId, status, announcedAt, decidedAt }]);
  return id;
}
