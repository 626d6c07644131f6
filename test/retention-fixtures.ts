import { DataSource } from 'typeorm';

/** Seeds registry rows straight into Postgres: retention tests are about what the sweep does to them. */
export async function seedController(db: DataSource, name = 'Client BV'): Promise<string> {
  const [row] = (await db.query(`INSERT INTO data_controllers (name, country) VALUES ($1, 'NL') RETURNING id`, [name])) as { id: string }[];
  return row.id;
}

export async function seedProcessor(db: DataSource, name = 'Hosting BV'): Promise<string> {
  const [row] = (await db.query(`INSERT INTO processors (name, country) VALUES ($1, 'NL') RETURNING id`, [name])) as { id: string }[];
  return row.id;
}

export async function seedContact(db: DataSource, controllerId: string, lastActivityAt: string, name = 'Jan Jansen'): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO contacts (controller_id, name, email, phone, role, last_activity_at) VALUES ($1, $2, 'jan@example.nl', '+31612345678', 'IT', $3) RETURNING id`,
    [controllerId, name, lastActivityAt],
  )) as { id: string }[];
  return row.id;
}

let invoiceNumber = 0;
export async function seedInvoice(db: DataSource, controllerId: string, issuedAt: string, amountCents = 12_100): Promise<string> {
  invoiceNumber += 1;
  const [row] = (await db.query(
    `INSERT INTO invoices (controller_id, number, issued_at, amount_cents, billing_name, billing_address, billing_email)
     VALUES ($1, $2, $3, $4, 'Piet de Vries', 'Damrak 1, Amsterdam', 'piet@example.nl') RETURNING id`,
    [controllerId, `F-${invoiceNumber}`, issuedAt, amountCents],
  )) as { id: string }[];
  return row.id;
}

export interface AgreementSeed {
  status?: 'scheduled' | 'active' | 'terminated' | 'ended';
  endsAt?: string | null;
  terminationEffectiveAt?: string | null;
  endOfContractAction?: 'delete' | 'return' | 'return_and_delete';
  withinDays?: number;
}

export async function seedAgreement(db: DataSource, controllerId: string, processorId: string, seed: AgreementSeed = {}): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO processing_agreements (controller_id, processor_id, reference, status, effective_from, ends_at, breach_notification_hours,
       purposes, data_categories, data_subject_categories, sub_processor_authorization, end_of_contract_action, end_of_contract_within_days,
       termination_effective_at)
     VALUES ($1, $2, 'DPA-' || gen_random_uuid(), $3, '2020-01-01T00:00:00Z', $4, 72, '{hosting}', '{contact details}', '{customers}', 'general', $5, $6, $7)
     RETURNING id`,
    [controllerId, processorId, seed.status ?? 'active', seed.endsAt ?? null, seed.endOfContractAction ?? 'delete', seed.withinDays ?? 30, seed.terminationEffectiveAt ?? null],
  )) as { id: string }[];
  return row.id;
}

export async function count(db: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await db.query(`SELECT count(*)::int AS n FROM (${sql}) s`, params)) as { n: number }[];
  return row.n;
}
