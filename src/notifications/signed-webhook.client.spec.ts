import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeClock } from '../common/clock';
import { SignedWebhookClient } from './signed-webhook.client';
import { verifySignature, verifyTimestampedSignature } from './webhook-signature';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver on loopback that records what reaches it and answers as told. */
async function receiver(answer: (path: string) => { status: number; location?: string }): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const { status, location } = answer(req.url ?? '');
      res.writeHead(status, location ? { location } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

describe('SignedWebhookClient', () => {
  const clock = new FakeClock('2026-03-10T09:00:00Z');
  const client = new SignedWebhookClient(clock);
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  it('signs the exact bytes it sends and reports a 2xx as delivered', async () => {
    const store = await receiver(() => ({ status: 204 }));
    servers.push(store.server);
    const body = '{"event":"deletion.requested","taskId":"t1"}';
    expect(await client.post({ url: `${store.url}/erase`, body, secret: 'store-secret-0123456789', headers: { 'x-deletion-task-id': 't1' } })).toEqual({ statusCode: 204, error: null });
    const [request] = store.received;
    expect(request.body).toBe(body);
    expect(request.headers['x-deletion-task-id']).toBe('t1');
    expect(verifySignature('store-secret-0123456789', request.body, request.headers['x-signature'] as string)).toBe(true);
    expect(request.headers['x-signature-timestamp']).toBe(String(Date.parse('2026-03-10T09:00:00Z') / 1000));
    expect(verifyTimestampedSignature('store-secret-0123456789', request.body, request.headers, clock.now())).toEqual({ valid: true, timestamp: 1773133200 });
  });

  it('stamps each attempt with its own time: a retry is not a replay, a replay is refused', async () => {
    const store = await receiver(() => ({ status: 200 }));
    servers.push(store.server);
    const body = '{"taskId":"t3"}';
    await client.post({ url: store.url, body, secret: 'store-secret-0123456789' });
    clock.advance(90_000);
    await client.post({ url: store.url, body, secret: 'store-secret-0123456789' });
    const [first, retry] = store.received;
    expect(retry.headers['x-signature']).toBe(first.headers['x-signature']);
    expect(Number(retry.headers['x-signature-timestamp']) - Number(first.headers['x-signature-timestamp'])).toBe(90);
    expect(verifyTimestampedSignature('store-secret-0123456789', body, retry.headers, clock.now())).toMatchObject({ valid: true });
    expect(verifyTimestampedSignature('store-secret-0123456789', body, first.headers, new Date(clock.now().getTime() + 300_000))).toEqual({ valid: false, reason: 'too old' });
  });

  it('never follows a redirect: the signed request reaches only the address it was meant for', async () => {
    const elsewhere = await receiver(() => ({ status: 200 }));
    const store = await receiver(() => ({ status: 307, location: `${elsewhere.url}/collect` }));
    servers.push(elsewhere.server, store.server);
    const outcome = await client.post({ url: `${store.url}/erase`, body: '{"taskId":"t2"}', secret: 'store-secret-0123456789' });
    expect(outcome).toEqual({ statusCode: 307, error: 'HTTP 307' });
    expect(store.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('sends unsigned without a secret, and reports a refused connection as an error to retry', async () => {
    const store = await receiver(() => ({ status: 503 }));
    servers.push(store.server);
    expect(await client.post({ url: store.url, body: '{}', secret: null })).toEqual({ statusCode: 503, error: 'HTTP 503' });
    for (const header of ['x-signature', 'x-signature-timestamp', 'x-signature-timestamped']) expect(store.received[0].headers[header]).toBeUndefined();
    const refused = await client.post({ url: 'http://127.0.0.1:1/', body: '{}', secret: null });
    expect(refused.statusCode).toBeNull();
    expect(refused.error).toEqual(expect.any(String));
  });
});
