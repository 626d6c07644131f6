import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifySignature } from '../src/notifications/webhook-signature';
import { incidentBody, seedAgreement, seedController, seedProcessor } from './factories';
import { clearQueuePrefix, startTestApp, TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

jest.setTimeout(30_000);

const SECRET = 'whsec_firing_test_0123456789';
const HOUR = 3_600_000;

interface Received {
  raw: string;
  signature: string | undefined;
  body: { id: string; event: string; occurredAt: string; data: Record<string, unknown> };
}

/** A webhook receiver on 127.0.0.1 that keeps the raw bytes, so the signature is checked over exactly what was sent. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ raw, signature: req.headers['x-signature'] as string | undefined, body: JSON.parse(raw) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A report whose one-hour controller clock runs out `inMs` from now. */
function reportDueIn(processorId: string, controllerId: string, inMs: number) {
  return incidentBody({ processorId, affectedControllerIds: [controllerId], awareAt: new Date(Date.now() - HOUR + inMs).toISOString() });
}

async function deadlineStatus(t: TestApp, id: string): Promise<string> {
  const [row] = await t.dataSource.query(`SELECT status FROM deadlines WHERE id = $1`, [id]);
  return row.status;
}

describe('deadlines fire: escalation, signed webhook, Redis lost and back', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let parties: { processorId: string; controllerId: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { RECONCILE_INTERVAL_MS: '1000' } });
    receiver = await startReceiver();
    const processorId = await seedProcessor(t.dataSource);
    const controllerId = await seedController(t.dataSource, { contactEmail: 'privacy@bakkerij.example' });
    await seedAgreement(t.dataSource, { controllerId, processorId, breachNotificationHours: 1 });
    parties = { processorId, controllerId };
    const hook = await t
      .as()
      .post('/api/v1/webhooks')
      .send({ url: receiver.url, events: ['deadline.missed', 'deadline.reminder'], secret: SECRET });
    expect(hook.status).toBe(201);
    expect(JSON.stringify(hook.body)).not.toContain(SECRET);
  });

  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('marks a deadline due in a few seconds missed and delivers deadline.missed, signed over the raw body', async () => {
    const res = await t
      .as()
      .post('/api/v1/incidents')
      .send(reportDueIn(parties.processorId, parties.controllerId, 2_000));
    expect(res.status).toBe(201);
    const [deadline] = res.body.deadlines;
    expect(deadline).toMatchObject({ kind: 'controller_notification', controllerId: parties.controllerId, status: 'pending' });

    const missed = await waitFor('the deadline.missed webhook', () => receiver.received.find((r) => r.body.event === 'deadline.missed' && r.body.data.deadlineId === deadline.id));
    expect(verifySignature(SECRET, missed.raw, missed.signature)).toBe(true);
    expect(verifySignature('another secret', missed.raw, missed.signature)).toBe(false);
    expect(missed.body.data).toMatchObject({ deadlineId: deadline.id, kind: 'controller_notification', dueAt: deadline.dueAt, incidentId: res.body.id, controllerId: parties.controllerId });
    expect(new Date(missed.body.data.missedAt as string).getTime()).toBeGreaterThanOrEqual(new Date(deadline.dueAt).getTime());
    expect(await deadlineStatus(t, deadline.id)).toBe('missed');

    // Reported 59:58 into a one-hour window: of the overdue reminders only the latest (90 %) goes out, once.
    const remindersFor = () => receiver.received.filter((r) => r.body.event === 'deadline.reminder' && r.body.data.deadlineId === deadline.id);
    await waitFor('the reminder', () => (remindersFor().length ? true : undefined));
    const reminders = remindersFor();
    expect(reminders.map((r) => r.body.data.fraction)).toEqual([0.9]);
    expect(verifySignature(SECRET, reminders[0].raw, reminders[0].signature)).toBe(true);
    const [row] = await t.dataSource.query(`SELECT reminders_sent FROM deadlines WHERE id = $1`, [deadline.id]);
    expect(row.reminders_sent).toEqual([0.5, 0.75, 0.9]);

    const incident = await t.as().get(`/api/v1/incidents/${res.body.id}`);
    expect(incident.body.deadlines[0]).toMatchObject({ status: 'missed' });
    const log = await t.as().get(`/api/v1/audit-log?entityType=deadline&entityId=${deadline.id}`);
    expect(log.body.items.map((e: { action: string }) => e.action)).toContain('deadline.missed');

    const hooks = await t.as().get('/api/v1/webhooks');
    const deliveries = await t.as().get(`/api/v1/webhooks/${hooks.body.items[0].id}/deliveries`);
    const delivery = deliveries.body.items.find((d: { id: string }) => d.id === missed.body.id);
    expect(delivery).toMatchObject({ event: 'deadline.missed', status: 'delivered', attempts: 1, lastStatusCode: 204 });
  });

  it('still fires a pending deadline after its Redis keys were deleted: the reconciler rebuilds the jobs', async () => {
    const res = await t
      .as()
      .post('/api/v1/incidents')
      .send(reportDueIn(parties.processorId, parties.controllerId, 4_000));
    expect(res.status).toBe(201);
    const deadlineId = res.body.deadlines[0].id;
    await clearQueuePrefix(t.config.QUEUE_PREFIX);
    await waitFor('the deadline to be missed', async () => ((await deadlineStatus(t, deadlineId)) === 'missed' ? true : undefined));
    await waitFor('its webhook', () => receiver.received.find((r) => r.body.event === 'deadline.missed' && r.body.data.deadlineId === deadlineId));
  });
});
