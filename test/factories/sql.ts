import { randomUUID } from 'node:crypto';
import { AGREEMENT, CONTACT, CONTROLLER, EndOfContract, INCIDENT, INVOICE, nextInvoiceNumber, nextReference, OBJECTION_PERIOD_DAYS, PROCESSOR, SUB_PROCESSOR } from './defaults';

/**
 * Rows straight into Postgres, for tests about what happens to stored data and for
 * benches that need many rows fast. Each table's column list is spelled once, here.
 */

/** A TypeORM DataSource or a pg Client or Pool. */
export interface Queryable {
  query(sql: string, params: unknown[]): Promise<unknown>;
}

export type Instant = string | Date;

/** Postgres refuses a statement with more bind parameters than this. */
const MAX_PARAMETERS = 65_535;

/**
 * Multi-row INSERTs, as many rows per statement as the parameter limit allows. The keys
 * of a row are the columns, the same for every row. Ids are made here rather than
 * returned, so nothing depends on the order of RETURNING rows.
 */
async function insertRows(db: Queryable, insertInto: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const perStatement = Math.floor(MAX_PARAMETERS / columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const tuples = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    await db.query(
      `${insertInto} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
      chunk.flatMap((row) => columns.map((column) => row[column])),
    );
  }
}

export interface ProcessorSeed {
  name?: string;
  country?: string;
  dpoName?: string;
  dpoEmail?: string;
}

export async function seedProcessor(db: Queryable, seed: ProcessorSeed = {}): Promise<string> {
  const p = { ...PROCESSOR, ...seed };
  const id = randomUUID();
  await insertRows(db, 'INSERT INTO processors', [{ id, name: p.name, country: p.country, dpo_name: p.dpoName ?? null, dpo_email: p.dpoEmail ?? null }]);
  return id;
}

export interface ControllerSeed {
  name?: string;
  country?: string;
  contactEmail?: string;
}

export async function seedControllers(db: Queryable, n: number, each: (i: number) => ControllerSeed = () => ({})): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => {
    const c = { ...CONTROLLER, ...each(i) };
    return { id: randomUUID(), name: c.name, country: c.country, contact_email: c.contactEmail ?? null };
  });
  await insertRows(db, 'INSERT INTO data_controllers', rows);
  return rows.map((row) => row.id);
}

export async function seedController(db: Queryable, seed: ControllerSeed = {}): Promise<string> {
  const [id] = await seedControllers(db, 1, () => seed);
  return id;
}

export interface AgreementSeed {
  controllerId: string;
  processorId: string;
  effectiveFrom?: Instant;
  endsAt?: Instant | null;
  breachNotificationHours?: number;
  endOfContract?: EndOfContract;
  terminatedAt?: Instant | null;
  terminationEffectiveAt?: Instant | null;
}

/** Stored as given, unchecked: the status follows from the dates (agreements/agreement-status.ts). */
export async function seedAgreements(db: Queryable, seeds: AgreementSeed[]): Promise<string[]> {
  const rows = seeds.map((seed) => {
    const a = { ...AGREEMENT, ...seed };
    return {
      id: randomUUID(),
      controller_id: a.controllerId,
      processor_id: a.processorId,
      reference: nextReference(),
      effective_from: a.effectiveFrom,
      ends_at: a.endsAt ?? null,
      breach_notification_hours: a.breachNotificationHours,
      purposes: a.purposes,
      data_categories: a.dataCategories,
      data_subject_categories: a.dataSubjectCategories,
      sub_processor_authorization: a.subProcessorAuthorization,
      objection_period_days: OBJECTION_PERIOD_DAYS,
      end_of_contract_action: a.endOfContract.action,
      end_of_contract_within_days: a.endOfContract.withinDays,
      terminated_at: a.terminatedAt ?? null,
      termination_effective_at: a.terminationEffectiveAt ?? null,
    };
  });
  await insertRows(db, 'INSERT INTO processing_agreements', rows);
  return rows.map((row) => row.id);
}

export async function seedAgreement(db: Queryable, seed: AgreementSeed): Promise<string> {
  const [id] = await seedAgreements(db, [seed]);
  return id;
}

export async function seedSubProcessor(db: Queryable, seed: { processorId: string }): Promise<string> {
  const id = randomUUID();
  await insertRows(db, 'INSERT INTO sub_processors', [{ id, processor_id: seed.processorId, name: SUB_PROCESSOR.name, service: SUB_PROCESSOR.service, country: SUB_PROCESSOR.country }]);
  return id;
}

export interface IncidentSeed {
  processorId: string;
  awareAt: Instant;
  /** Closed when set: the schema ties the status to it. */
  closedAt?: Instant | null;
  controllerIds?: string[];
  description?: string;
  reporter?: { name: string; email: string };
}

/** A processor-role report as stored, without the deadlines the API would open for it. */
export async function seedIncident(db: Queryable, seed: IncidentSeed): Promise<string> {
  const i = { ...INCIDENT, ...seed };
  const id = randomUUID();
  await insertRows(db, 'INSERT INTO incidents', [
    {
      id,
      processor_id: i.processorId,
      role: 'processor',
      status: i.closedAt ? 'closed' : 'open',
      title: i.title,
      description: i.description,
      aware_at: i.awareAt,
      nature: i.nature,
      data_categories: i.dataCategories,
      reporter_name: i.reporter.name,
      reporter_email: i.reporter.email,
      closed_at: i.closedAt ?? null,
    },
  ]);
  await insertRows(
    db,
    'INSERT INTO incident_controllers',
    (seed.controllerIds ?? []).map((controllerId) => ({ incident_id: id, controller_id: controllerId })),
  );
  return id;
}

export interface ContactSeed {
  controllerId: string;
  lastActivityAt: Instant;
  name?: string;
  email?: string;
}

export async function seedContacts(db: Queryable, seeds: ContactSeed[]): Promise<string[]> {
  const rows = seeds.map((seed) => {
    const c = { ...CONTACT, ...seed };
    return { id: randomUUID(), controller_id: c.controllerId, name: c.name, email: c.email, phone: c.phone, role: c.role, last_activity_at: c.lastActivityAt };
  });
  await insertRows(db, 'INSERT INTO contacts', rows);
  return rows.map((row) => row.id);
}

export async function seedContact(db: Queryable, seed: ContactSeed): Promise<string> {
  const [id] = await seedContacts(db, [seed]);
  return id;
}

export interface InvoiceSeed {
  controllerId: string;
  issuedAt: Instant;
  amountCents?: number;
}

export async function seedInvoice(db: Queryable, seed: InvoiceSeed): Promise<string> {
  const v = { ...INVOICE, ...seed };
  const id = randomUUID();
  await insertRows(db, 'INSERT INTO invoices', [
    {
      id,
      controller_id: v.controllerId,
      number: nextInvoiceNumber(),
      issued_at: v.issuedAt,
      amount_cents: v.amountCents,
      billing_name: v.billingName,
      billing_address: v.billingAddress,
      billing_email: v.billingEmail,
    },
  ]);
  return id;
}

export interface SubProcessorLinkSeed {
  subProcessorId: string;
  agreementId: string;
  status: 'pending_objection' | 'pending_approval' | 'authorized' | 'objected' | 'rejected' | 'ended';
  announcedAt: Instant;
  decidedAt?: Instant | null;
  endedAt?: Instant | null;
}

/** Links as stored, unchecked: the status and its dates as a test needs them. */
export async function seedSubProcessorLinks(db: Queryable, seeds: SubProcessorLinkSeed[]): Promise<string[]> {
  const rows = seeds.map((s) => ({
    id: randomUUID(),
    sub_processor_id: s.subProcessorId,
    agreement_id: s.agreementId,
    status: s.status,
    announced_at: s.announcedAt,
    decided_at: s.decidedAt ?? null,
    ended_at: s.endedAt ?? null,
  }));
  await insertRows(db, 'INSERT INTO sub_processor_agreements', rows);
  return rows.map((row) => row.id);
}

export async function seedDataStores(db: Queryable, seeds: { agreementId: string; name?: string; subProcessorId?: string | null }[]): Promise<string[]> {
  const rows = seeds.map((s) => ({ id: randomUUID(), agreement_id: s.agreementId, name: s.name ?? 'mail cluster', sub_processor_id: s.subProcessorId ?? null, erasure_method: 'manual' }));
  await insertRows(db, 'INSERT INTO agreement_data_stores', rows);
  return rows.map((row) => row.id);
}
