import { randomUUID } from 'node:crypto';
import { FakeClock } from '../src/common/clock';
import { RetentionRunsService } from '../src/retention/retention-runs.service';
import { seedController } from './factories';
import { count } from './utils/count';
import { startTestApp, TestApp } from './utils/test-app';

/**
 * The service's own copies of personal data: delivery logs (90 days) and the stored
 * answers to retried reports (7 days). Pending deliveries and in-flight reports are what
 * the service still needs, and stay whatever their age; so does anything under a hold.
 */
describe('retention of the service’s own working records', () => {
  let t: TestApp;
  let runs: RetentionRunsService;
  let officer: string;
  const clock = new FakeClock('2026-06-01T08:00:00Z');
  const sweep = async () => runs.execute((await t.as(officer).post('/api/v1/retention/runs').send({})).body.id);
  const exists = async (table: string, id: string) => (await count(t.dataSource, `SELECT 1 FROM ${table} WHERE id = $1`, [id])) === 1;

  async function delivery(webhookId: string, status: string, createdAt: string, controllerId?: string, data?: Record<string, unknown>): Promise<string> {
    const id = randomUUID();
    const payload = data ?? { controllerId: controllerId ?? null, controllerIds: controllerId ? [controllerId] : [], reporter: 'Sam de Vries' };
    const body = JSON.stringify({ id, event: 'deadline.missed', occurredAt: createdAt, data: payload });
    // As the outbox writes it: the controllers the event names, beside the body.
    await t.dataSource.query(`INSERT INTO webhook_deliveries (id, webhook_id, event, body, controller_ids, status, created_at) VALUES ($1, $2, 'deadline.missed', $3, $4, $5, $6)`, [
      id,
      webhookId,
      body,
      payload.controllerIds,
      status,
      createdAt,
    ]);
    return id;
  }

  async function email(status: string, createdAt: string, controllerIds: string[] = []): Promise<string> {
    const id = randomUUID();
    await t.dataSource.query(
      `INSERT INTO email_messages (id, event, recipients, subject, body, controller_ids, status, created_at) VALUES ($1, 'incident.created', '{fg@hosting.example}', 'Datalek gemeld', 'Gemeld door Sam de Vries', $2, $3, $4)`,
      [id, controllerIds, status, createdAt],
    );
    return id;
  }

  async function idempotencyKey(completed: boolean, createdAt: string): Promise<string> {
    const [row] = await t.dataSource.query(`INSERT INTO idempotency_keys (actor_id, key, request_hash, response_status, response_body, created_at) VALUES ('k1', $1, $2, $3, $4, $5) RETURNING id`, [
      randomUUID(),
      'a'.repeat(64),
      completed ? 201 : null,
      completed ? JSON.stringify({ reporter: { name: 'Sam de Vries' } }) : null,
      createdAt,
    ]);
    return row.id;
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false });
    runs = t.app.get(RetentionRunsService);
    officer = await t.keyFor('officer');
  });

  afterAll(async () => {
    await t.close();
  });

  it('keeps deliveries and mails within 90 days, pending ones at any age, and those about a held controller; then deletes the rest with a ledger row', async () => {
    const [{ id: webhookId }] = await t.dataSource.query(`INSERT INTO webhooks (url, events, secret) VALUES ('http://127.0.0.1:9/hook', '{deadline.missed}', 's') RETURNING id`);
    const heldController = await seedController(t.dataSource, { name: 'In Geschil BV' });
    const otherController = await seedController(t.dataSource, { name: 'Gewone Klant BV' });
    const recent = await delivery(webhookId, 'delivered', '2026-03-05T10:00:00Z');
    const pending = await delivery(webhookId, 'pending', '2025-01-01T10:00:00Z');
    const old = await delivery(webhookId, 'delivered', '2026-02-01T10:00:00Z', otherController);
    const oldFailed = await delivery(webhookId, 'failed', '2026-02-01T10:00:00Z');
    const held = await delivery(webhookId, 'delivered', '2026-02-01T10:00:00Z', heldController);
    // incident.created names every affected controller in a list.
    const heldInList = await delivery(webhookId, 'delivered', '2026-02-01T10:00:00Z', undefined, { incidentId: randomUUID(), controllerIds: [otherController, heldController] });
    const recentMail = await email('sent', '2026-03-05T10:00:00Z');
    const oldMail = await email('sent', '2026-02-01T10:00:00Z');
    const pendingMail = await email('pending', '2025-01-01T10:00:00Z');
    const heldMail = await email('sent', '2026-02-01T10:00:00Z', [heldController]);
    await t
      .as(officer)
      .post('/api/v1/legal-holds')
      .send({ scope: { controllerId: heldController }, reason: 'Dispute over a missed notification' })
      .expect(201);

    const run = await sweep();

    for (const id of [recent, pending, held, heldInList]) expect(await exists('webhook_deliveries', id)).toBe(true);
    for (const id of [old, oldFailed]) expect(await exists('webhook_deliveries', id)).toBe(false);
    expect(run.counts.webhook_delivery).toMatchObject({ due: 2, deleted: 2, held: 2 });
    for (const id of [recentMail, pendingMail, heldMail]) expect(await exists('email_messages', id)).toBe(true);
    expect(await exists('email_messages', oldMail)).toBe(false);
    const ledger = await t.dataSource.query(`SELECT category, action, record_count FROM erasure_ledger WHERE run_id = $1 AND category IN ('webhook_delivery', 'email_message') ORDER BY category`, [run.id]);
    expect(ledger).toEqual([
      { category: 'email_message', action: 'delete', record_count: 1 },
      { category: 'webhook_delivery', action: 'delete', record_count: 2 },
    ]);
  });

  it('keeps answers to retried reports for a week, in-flight ones always, and all of them under a category hold', async () => {
    const fresh = await idempotencyKey(true, '2026-05-26T08:00:00Z');
    const inFlight = await idempotencyKey(false, '2026-01-01T08:00:00Z');
    const stale = await idempotencyKey(true, '2026-05-20T08:00:00Z');
    const hold = await t
      .as(officer)
      .post('/api/v1/legal-holds')
      .send({ scope: { category: 'idempotency_key' }, reason: 'Investigating duplicate reports' });
    expect(hold.status).toBe(201);
    await sweep();
    for (const id of [fresh, inFlight, stale]) expect(await exists('idempotency_keys', id)).toBe(true);

    await t.as(officer).post(`/api/v1/legal-holds/${hold.body.id}/release`).send({ reason: 'Done' }).expect(200);
    const run = await sweep();
    expect(await exists('idempotency_keys', fresh)).toBe(true);
    expect(await exists('idempotency_keys', inFlight)).toBe(true);
    expect(await exists('idempotency_keys', stale)).toBe(false);
    expect(run.counts.idempotency_key).toMatchObject({ deleted: 1 });
  });

  it('offers only delete for these records', async () => {
    const res = await t.as(officer).put('/api/v1/retention-policies/email_message').send({ period: 'P30D', anchor: 'event_day', action: 'anonymize', legalBasis: 'x' });
    expect(res.status).toBe(422);
  });
});
