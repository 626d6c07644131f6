import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { JobReconciler } from '../src/jobs/job-reconciler';
import { DeliveryWorkers } from '../src/notifications/delivery-workers';
import { PackedEvents, unpackEvents } from '../src/notifications/fanout-events';
import { DELIVERY_BATCH } from '../src/notifications/notifications.queue';
import { Outbox } from '../src/notifications/outbox';
import { incidentBody, seedAgreements, seedControllers, seedProcessor } from './factories';
import { clearQueuePrefix, startTestApp, TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

jest.setTimeout(60_000);

const EVENT = 'incident.controller_affected';

interface Hit {
  deliveryId: string;
  controllerId: string;
  status: number;
}

/**
 * A webhook receiver on 127.0.0.1 that answers 503 to the first attempt for the controllers
 * in `failFirst`, and while `held` holds every answer back until `release()`.
 */
async function startReceiver() {
  const hits: Hit[] = [];
  const failFirst = new Set<string>();
  let waiting: (() => void)[] = [];
  let held = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { id, data } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; data: { controllerId: string } };
      const status = failFirst.delete(data.controllerId) ? 503 : 200;
      hits.push({ deliveryId: id, controllerId: data.controllerId, status });
      const answer = () => res.writeHead(status).end();
      if (held) waiting.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    hits,
    failFirst,
    hold: () => (held = true),
    release: () => {
      held = false;
      for (const answer of waiting) answer();
      waiting = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('notifications: delivery in batches', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let processorId: string;
  let webhookId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestApp();
    processorId = await seedProcessor(t.dataSource);
    const hook = await t
      .as()
      .post('/api/v1/webhooks')
      .send({ url: receiver.url, events: [EVENT], secret: 'whsec_batches_test_0123456789' });
    expect(hook.status).toBe(201);
    webhookId = hook.body.id;
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  /** Reports one breach, through `app`, for `n` new controllers with agreements. */
  async function reportFor(app: TestApp, n: number, before: (controllerIds: string[]) => void = () => undefined): Promise<{ controllerIds: string[]; incidentId: string }> {
    const controllerIds = await seedControllers(app.dataSource, n);
    await seedAgreements(
      app.dataSource,
      controllerIds.map((controllerId) => ({ controllerId, processorId })),
    );
    before(controllerIds);
    const res = await app
      .as()
      .post('/api/v1/incidents')
      .send(incidentBody({ processorId, affectedControllerIds: controllerIds }));
    expect(res.status).toBe(201);
    return { controllerIds, incidentId: res.body.id };
  }

  /**
   * Reports one breach for `n` new controllers, the receiver refusing the first attempt for
   * the first of them; their deliveries are written in one transaction, so one batch.
   */
  async function report(n: number): Promise<string[]> {
    return (await reportFor(t, n, (controllerIds) => receiver.failFirst.add(controllerIds[0]))).controllerIds;
  }

  async function rows(controllerIds: string[]) {
    return t.dataSource.query<{ controller_id: string; status: string; attempts: number; last_status_code: number | null }[]>(
      `SELECT controller_ids[1] AS controller_id, status, attempts, last_status_code FROM webhook_deliveries WHERE webhook_id = $1 AND controller_ids[1] = ANY($2) ORDER BY controller_ids[1]`,
      [webhookId, controllerIds],
    );
  }

  const hitsOf = (controllerId: string) => receiver.hits.filter((h) => h.controllerId === controllerId).map((h) => h.status);

  it('retries only the row that failed: the rest of its batch is delivered once', async () => {
    const affected = await report(5);
    const [failing, ...others] = affected;
    const settled = await waitFor('every row settled', async () => {
      const found = await rows(affected);
      return found.length === 5 && found.every((r) => r.status === 'delivered') ? found : undefined;
    });
    expect(hitsOf(failing)).toEqual([503, 200]);
    for (const id of others) expect(hitsOf(id)).toEqual([200]);
    expect(settled.find((r) => r.controller_id === failing)).toMatchObject({ attempts: 2, last_status_code: 200 });
    for (const row of settled.filter((r) => r.controller_id !== failing)) expect(row).toMatchObject({ attempts: 1, last_status_code: 200 });
  });

  it('loses nothing when Redis loses everything mid-batch: what was sent stays sent, the rest is sent after the reconcile', async () => {
    receiver.hold();
    const controllerIds = await report(4);
    const [failing, ...others] = controllerIds;
    await waitFor('the batch in flight', () => (controllerIds.every((id) => hitsOf(id).length === 1) ? true : undefined));
    await clearQueuePrefix(t.config.QUEUE_PREFIX);
    receiver.release();
    await waitFor('the batch recorded', async () => ((await rows(controllerIds)).every((r) => r.attempts === 1) ? true : undefined));
    // The job's retry went with Redis: without the reconcile the refused row would stay pending.
    expect((await rows(controllerIds)).filter((r) => r.status === 'pending').map((r) => r.controller_id)).toEqual([failing]);
    await t.app.get(JobReconciler).reconcile();
    await waitFor('the refused row delivered', async () => ((await rows([failing]))[0].status === 'delivered' ? true : undefined));
    expect(hitsOf(failing)).toEqual([503, 200]);
    for (const id of others) expect(hitsOf(id)).toEqual([200]);
    expect((await rows(controllerIds)).map((r) => r.attempts).sort()).toEqual([1, 1, 1, 2]);
  });

  it('writes more events than a batch as one fan-out row, expanded after commit: every row delivered once', async () => {
    const affected = await report(DELIVERY_BATCH + 5);
    const settled = await waitFor('every row settled', async () => {
      const found = await rows(affected);
      return found.length === affected.length && found.every((r) => r.status === 'delivered') ? found : undefined;
    });
    expect(settled).toHaveLength(DELIVERY_BATCH + 5);
    expect(hitsOf(affected[0])).toEqual([503, 200]);
    for (const id of affected.slice(1)) expect(hitsOf(id)).toEqual([200]);
    expect(await t.dataSource.query(`SELECT id FROM outbox_fanouts`)).toEqual([]);
  });

  it('loses no fan-out when its job is lost: the row waits for the reconciler, and a second expansion writes nothing twice', async () => {
    const api = await startTestApp({ databaseName: t.databaseName, workers: false });
    try {
      const { controllerIds, incidentId } = await reportFor(api, DELIVERY_BATCH + 1);
      // Nothing runs the job in a process without workers: the events wait as one row, written with the report.
      const [fanout] = await api.dataSource.query<{ id: string; events: string }[]>(`SELECT id, events FROM outbox_fanouts`);
      expect([...new Set(unpackEvents(JSON.parse(fanout.events) as PackedEvents).map((e) => `${e.event} ${(e.data as unknown as { incidentId: string }).incidentId}`))]).toEqual([
        `incident.created ${incidentId}`,
        `incident.controller_affected ${incidentId}`,
      ]);
      expect(await rows(controllerIds)).toEqual([]);
      await clearQueuePrefix(api.config.QUEUE_PREFIX);
      await t.app.get(JobReconciler).reconcile();
      await waitFor('every row delivered', async () => {
        const found = await rows(controllerIds);
        return found.length === controllerIds.length && found.every((r) => r.status === 'delivered') ? true : undefined;
      });
      expect(await api.app.get(Outbox).expandFanout({ fanoutId: fanout.id })).toBe('nothing to do');
      for (const id of controllerIds) expect(hitsOf(id).filter((status) => status === 200)).toHaveLength(1);
      expect(await rows(controllerIds)).toHaveLength(controllerIds.length);
    } finally {
      await api.close({ keepDatabase: true });
    }
  });

  it('expands a fan-out row written before events were packed, which holds them as published (a JSON array)', async () => {
    const api = await startTestApp({ databaseName: t.databaseName, workers: false });
    try {
      const { controllerIds } = await reportFor(api, DELIVERY_BATCH + 1);
      const [fanout] = await api.dataSource.query<{ id: string; events: string }[]>(`SELECT id, events FROM outbox_fanouts`);
      const published = unpackEvents(JSON.parse(fanout.events) as PackedEvents);
      await api.dataSource.query(`UPDATE outbox_fanouts SET events = $2 WHERE id = $1`, [fanout.id, JSON.stringify(published)]);

      expect(await api.app.get(Outbox).expandFanout({ fanoutId: fanout.id })).toBe(`${DELIVERY_BATCH + 2} events written`);
      const written = await rows(controllerIds);
      expect(written.map((r) => r.controller_id).sort()).toEqual([...controllerIds].sort());
    } finally {
      await api.close({ keepDatabase: true });
    }
  });

  it('keeps the fan-out row when writing its rows fails: deleting it and writing them are one transaction', async () => {
    const api = await startTestApp({ databaseName: t.databaseName, workers: false });
    try {
      const { controllerIds } = await reportFor(api, DELIVERY_BATCH + 1);
      const [fanout] = await api.dataSource.query<{ id: string }[]>(`SELECT id FROM outbox_fanouts`);
      const outbox = api.app.get(Outbox);
      jest.spyOn(outbox as unknown as { writeRows: () => Promise<void> }, 'writeRows').mockRejectedValueOnce(new Error('the deliveries could not be written'));

      await expect(outbox.expandFanout({ fanoutId: fanout.id })).rejects.toThrow('the deliveries could not be written');
      expect(await api.dataSource.query(`SELECT id FROM outbox_fanouts`)).toEqual([{ id: fanout.id }]);
      expect(await rows(controllerIds)).toEqual([]);

      // The job's retry finds the row and writes every delivery once.
      expect(await outbox.expandFanout({ fanoutId: fanout.id })).toMatch(/^\d+ events written$/);
      expect(await api.dataSource.query(`SELECT id FROM outbox_fanouts`)).toEqual([]);
      expect(await rows(controllerIds)).toHaveLength(controllerIds.length);
    } finally {
      jest.restoreAllMocks();
      await api.close({ keepDatabase: true });
    }
  });

  it('two workers given the same rows at once send each row once', async () => {
    // An API process writes the rows; two others, each with its own connections, run the same batch at once.
    const api = await startTestApp({ databaseName: t.databaseName, workers: false });
    const second = await startTestApp({ databaseName: t.databaseName, workers: false });
    try {
      const { controllerIds } = await reportFor(api, 6);
      const deliveryIds = (await api.dataSource.query<{ id: string }[]>(`SELECT id FROM webhook_deliveries WHERE controller_ids[1] = ANY($1)`, [controllerIds])).map((r) => r.id);
      expect(deliveryIds).toHaveLength(6);
      receiver.hold();
      const meta = { attemptsMade: 0, lastAttempt: false };
      const first = api.app.get(DeliveryWorkers).deliverWebhooks({ deliveryIds }, meta);
      await waitFor('the first worker sending', () => (receiver.hits.filter((h) => deliveryIds.includes(h.deliveryId)).length === 6 ? true : undefined));
      const other = second.app.get(DeliveryWorkers).deliverWebhooks({ deliveryIds: [...deliveryIds].reverse() }, meta);
      expect(await other).toBe('nothing to do');
      receiver.release();
      expect(await first).toBe('6 delivered');
      for (const id of deliveryIds) expect(receiver.hits.filter((h) => h.deliveryId === id)).toHaveLength(1);
      expect((await rows(controllerIds)).map((r) => [r.status, r.attempts])).toEqual(Array.from({ length: 6 }, () => ['delivered', 1]));
    } finally {
      receiver.release();
      await second.close({ keepDatabase: true });
      await api.close({ keepDatabase: true });
    }
  });
});
