import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText } from '../common/api-docs.decorator';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { agreementStatusAt, endOfAgreement, notEndedAt } from '../agreements/agreement-status';
import { AgreementStatus, ProcessingAgreement } from '../agreements/processing-agreement.entity';
import { canonicalJson } from '../audit/audit-chain';
import { Clock } from '../common/clock';
import { Language } from '../common/language';
import { conflict, notFound } from '../common/problem';
import { amsterdamDay, lastDayBefore } from '../common/time';
import { isLate } from '../deadlines/deadline-plan';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { RetentionPolicy } from '../retention/retention-policy.entity';
import { retentionEndsAt } from '../retention/retention-period';
import { contractEndProgress, Outstanding } from './contract-end-rules';
import { DataExportService, DataExportView } from './data-export.service';
import { certificateTexts } from './deletion-certificate-texts';
import { DeletionConfirmation } from './deletion-confirmation.entity';
import { DeletionTasksQuery, DeletionTaskView } from './deletion-tasks.query';
import { CONTRACT_END_DELETION } from './erasure-workflow.service';
import { DeletionConfirmationView, deletionConfirmationView } from './deletion-confirmation.view';

interface Party {
  id: string;
  name: string;
  country: string;
  kvkNumber: string | null;
}

export type KeptCategoryName = 'invoice' | 'contact' | 'data_export';

export interface KeptFacts {
  category: KeptCategoryName;
  records: number;
  /** The first instant none of these records is kept any more; null when nothing is kept or a hold or live agreement keeps them open-ended. */
  keptUntil: Date | null;
  /** The last Amsterdam day they are kept, inclusive (`2033-12-31`: "t/m 31-12-2033"). */
  keptThrough: string | null;
  /** Why keptUntil is open-ended while records are kept. */
  openEndedBecause: 'legal_hold' | 'live_agreement' | null;
  period: string;
  action: string;
  legalBasis: string;
  legalHoldIds: string[];
}

export interface Person {
  name: string;
  function: string | null;
}

/**
 * What the certificate states, in no language: the facts its hash covers. A confirmation,
 * a retention sweep or a deadline that passes changes them, and so the hash; asking
 * again, or in another language, does not.
 */
export interface CertificateFacts {
  /** `final` only when every store confirmed (or, without stores, a person recorded the erasure). */
  status: 'draft' | 'final';
  complete: boolean;
  agreement: {
    id: string;
    reference: string;
    status: AgreementStatus;
    effectiveFrom: Date;
    endsAt: Date | null;
    terminatedAt: Date | null;
    terminationEffectiveAt: Date | null;
    terminationReason: string | null;
    endedAt: Date | null;
    endedBy: 'termination' | 'end_date' | null;
    endOfContract: { action: ProcessingAgreement['endOfContractAction']; withinDays: number };
  };
  controller: Party;
  processor: Party;
  deletion: { startsAt: Date | null; dueAt: Date | null; deadlineStatus: string | null; completedAt: Date | null; late: boolean | null; lateReason: string | null };
  /** What keeps it a draft. */
  outstanding: (Outstanding & { dataStore?: string })[];
  dataExport: DataExportView | null;
  dataStores: DeletionTaskView[];
  /** For an agreement without data stores: the person's record of the erasure. */
  deletionConfirmation: DeletionConfirmationView | null;
  /** Who confirms, and the Amsterdam date the deletion was complete; empty and null in a draft. */
  declaration: { date: string | null; confirmedBy: Person[] };
  kept: KeptFacts[];
}

/** Vernietigingsverklaring: the facts, the statement in one language, and the hash that verifies them. */
export interface DeletionCertificate extends Omit<CertificateFacts, 'kept'> {
  issuedAt: Date;
  language: Language;
  title: string;
  statement: string;
  kept: (KeptFacts & { reason: string; keptUntilText: string })[];
  verification: { algorithm: 'sha256'; hash: string; covers: string; verifyPath: string };
}

export class CertificateVerification {
  @ApiId() agreementId: string;
  @ApiText({ enum: ['draft', 'final'] }) status: CertificateFacts['status'];
  @ApiText({ description: 'the hash of the certificate as the data stand now (sha256, hex)' }) hash: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'whether the given hash is that one; null when none was given' }) matches: boolean | null;
  @ApiInstant() checkedAt: Date;
}

/** sha256 over the canonical JSON (sorted keys, instants in ISO 8601 UTC) of the facts. */
export function certificateHash(facts: CertificateFacts): string {
  return createHash('sha256').update(canonicalJson(facts)).digest('hex');
}

@Injectable()
export class DeletionCertificateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deletionTasks: DeletionTasksQuery,
    private readonly deadlines: DeadlinesService,
    private readonly exports: DataExportService,
    private readonly clock: Clock,
  ) {}

  async build(agreementId: string, language: Language): Promise<DeletionCertificate> {
    const facts = await this.facts(agreementId);
    const texts = certificateTexts(language);
    const hash = certificateHash(facts);
    return {
      ...facts,
      issuedAt: this.clock.now(),
      language,
      title: texts.title(facts),
      statement: texts.statement(facts),
      kept: facts.kept.map((k) => ({ ...k, reason: texts.keptReason(k), keptUntilText: texts.keptUntil(k) })),
      verification: {
        algorithm: 'sha256',
        hash,
        covers: 'the canonical JSON (sorted keys, UTC instants) of this certificate without issuedAt, language, title, statement, verification and the texts of kept',
        verifyPath: `/api/v1/agreements/${agreementId}/deletion-certificate/verify?hash=${hash}`,
      },
    };
  }

  async verify(agreementId: string, hash: string | undefined): Promise<CertificateVerification> {
    const facts = await this.facts(agreementId);
    const current = certificateHash(facts);
    return { agreementId, status: facts.status, hash: current, matches: hash === undefined ? null : hash === current, checkedAt: this.clock.now() };
  }

  private async facts(agreementId: string): Promise<CertificateFacts> {
    const manager = this.dataSource.manager;
    const now = this.clock.now();
    const agreement = await manager.findOne(ProcessingAgreement, { where: { id: agreementId } });
    if (!agreement) throw notFound('Agreement', agreementId);
    const status = agreementStatusAt(agreement, now);
    if (status !== 'terminating' && status !== 'ended') throw conflict(`the agreement is ${status}: there is no deletion to certify until it is terminated or ends`);
    const [deadline] = await this.deadlines.find({ kind: CONTRACT_END_DELETION, subjectType: 'agreement', subjectIds: [agreementId] });
    const dataStores = await this.deletionTasks.views(manager, { agreementId });
    const confirmation = await manager.findOne(DeletionConfirmation, { where: { agreementId } });
    const endedAt = status === 'ended' ? endOfAgreement(agreement) : null;
    const progress = contractEndProgress({
      ended: endedAt !== null && deadline !== undefined,
      action: agreement.endOfContractAction,
      tasks: dataStores.map((t) => ({ id: t.id, status: t.status, confirmedAt: t.confirmedAt, lateReason: t.lateReason, returnedLocation: t.returned?.location ?? null })),
      confirmation,
    });
    const storeName = new Map(dataStores.map((t) => [t.id, t.dataStore.name]));
    const confirmedBy = progress.complete
      ? uniquePeople([
          ...dataStores.map((t) => ({ name: t.confirmedBy ?? '', function: t.confirmedByFunction })),
          ...(confirmation ? [{ name: confirmation.confirmedByName, function: confirmation.confirmedByFunction }] : []),
        ])
      : [];
    return {
      status: progress.complete ? 'final' : 'draft',
      complete: progress.complete,
      agreement: {
        id: agreement.id,
        reference: agreement.reference,
        status,
        effectiveFrom: agreement.effectiveFrom,
        endsAt: agreement.endsAt,
        terminatedAt: agreement.terminatedAt,
        terminationEffectiveAt: agreement.terminationEffectiveAt,
        terminationReason: agreement.terminationReason,
        endedAt,
        endedBy: endedAt === null ? null : agreement.terminationEffectiveAt?.getTime() === endedAt.getTime() ? 'termination' : 'end_date',
        endOfContract: { action: agreement.endOfContractAction, withinDays: agreement.endOfContractWithinDays },
      },
      controller: await party(manager, 'data_controllers', agreement.controllerId),
      processor: await party(manager, 'processors', agreement.processorId),
      deletion: {
        startsAt: deadline?.startsAt ?? null,
        dueAt: deadline?.dueAt ?? null,
        deadlineStatus: deadline?.status ?? null,
        completedAt: progress.doneAt,
        late: progress.doneAt && deadline ? isLate(progress.doneAt, deadline.dueAt) : null,
        lateReason: progress.lateReason,
      },
      outstanding: progress.outstanding.map((o) => ('taskId' in o ? { ...o, dataStore: storeName.get(o.taskId) } : o)),
      dataExport: await this.exports.findView(manager, agreementId),
      dataStores,
      deletionConfirmation: confirmation ? deletionConfirmationView(confirmation) : null,
      declaration: { date: progress.doneAt ? amsterdamDay(progress.doneAt) : null, confirmedBy },
      kept: await this.kept(manager, agreement),
    };
  }

  /**
   * The controller's own records this service keeps past the contract: invoices for the
   * tax authority until their own 7-year term, contacts until their own term — later
   * still while a legal hold or another live agreement with the controller needs them.
   */
  private async kept(manager: EntityManager, agreement: ProcessingAgreement): Promise<KeptFacts[]> {
    const now = this.clock.now();
    const policies = new Map((await manager.find(RetentionPolicy)).map((p) => [p.category, p]));
    const holds = await manager.query<{ id: string; category: string | null }[]>(
      `SELECT id, category FROM legal_holds WHERE released_at IS NULL AND (controller_id = $1 OR (controller_id IS NULL AND category IN ('invoice', 'contact', 'data_export')))`,
      [agreement.controllerId],
    );
    const ends = (await manager.find(ProcessingAgreement, { where: { controllerId: agreement.controllerId } })).filter((a) => notEndedAt(a, now)).map(endOfAgreement);
    const live = { openEnded: ends.some((end) => end === null), until: ends.reduce<Date | null>((latest, end) => (end && (!latest || end > latest) ? end : latest), null) };
    const [invoices] = await manager.query<{ n: number; latest: Date | null }[]>(`SELECT count(*)::int AS n, max(issued_at) AS latest FROM invoices WHERE controller_id = $1 AND anonymized_at IS NULL`, [
      agreement.controllerId,
    ]);
    const [contacts] = await manager.query<{ n: number; latest: Date | null }[]>(
      `SELECT count(*)::int AS n, max(last_activity_at) AS latest FROM contacts WHERE controller_id = $1 AND anonymized_at IS NULL`,
      [agreement.controllerId],
    );
    const [exported] = await manager.query<{ n: number; latest: Date | null }[]>(
      `SELECT count(*)::int AS n, max(created_at) AS latest FROM data_exports WHERE agreement_id = $1 AND content_purged_at IS NULL`,
      [agreement.id],
    );

    const entry = (category: KeptCategoryName, n: number, latest: Date | null, liveUntil?: { openEnded: boolean; until: Date | null }): KeptFacts => {
      const policy = policies.get(category)!;
      const heldBy = holds.filter((h) => h.category === null || h.category === category).map((h) => h.id);
      let keptUntil = latest && n > 0 ? retentionEndsAt(policy.anchor, latest, policy.period) : null;
      let openEndedBecause: KeptFacts['openEndedBecause'] = null;
      if (keptUntil && liveUntil?.openEnded) [keptUntil, openEndedBecause] = [null, 'live_agreement'];
      else if (keptUntil && liveUntil?.until && liveUntil.until.getTime() > keptUntil.getTime()) keptUntil = liveUntil.until;
      if (heldBy.length && n > 0) [keptUntil, openEndedBecause] = [null, 'legal_hold'];
      return {
        category,
        records: n,
        keptUntil,
        keptThrough: keptUntil ? lastDayBefore(keptUntil) : null,
        openEndedBecause,
        period: policy.period,
        action: policy.action,
        legalBasis: policy.legalBasis,
        legalHoldIds: heldBy,
      };
    };
    return [entry('invoice', invoices.n, invoices.latest), entry('contact', contacts.n, contacts.latest, live), entry('data_export', exported.n, exported.latest)];
  }
}

function uniquePeople(people: Person[]): Person[] {
  const seen = new Map<string, Person>();
  for (const person of people) if (person.name) seen.set(`${person.name}\u0000${person.function ?? ''}`, person);
  return [...seen.values()];
}

async function party(manager: EntityManager, table: 'data_controllers' | 'processors', id: string): Promise<Party> {
  const [row] = await manager.query<Party[]>(`SELECT id, name, country, kvk_number AS "kvkNumber" FROM ${table} WHERE id = $1`, [id]);
  return row;
}
