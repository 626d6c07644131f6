/**
 * Breach at shared infrastructure bench (not part of the test suite).
 *
 *   npm run bench:breach-scope -- [--controllers 20000]
 *   npx ts-node --transpile-only bench/breach-scope/run.ts [--controllers 20000]
 *
 * Boots the real app (workers on) on its own database and BullMQ prefix, with an SMTP sink
 * and a webhook receiver on 127.0.0.1; seeds `controllers` controllers, each with a contact
 * address and an agreement in force (12–72 hours); subscribes the receiver to the
 * per-controller event; then reports one breach for `affectedScope: { allControllersOfProcessor: true }`,
 * from a process of its own as a reporter would (`../timed-request.ts`). Prints the time to
 * 201, the time from sending the report until every controller's e-mail reached the sink and
 * every controller's webhook the receiver, and that time per 1,000 controllers. Checks that
 * each controller got exactly one of each. Then the bare baseline on the same seed, sink and
 * receiver: one SQL statement resolving the controllers and writing one deadline each, then
 * every e-mail through the service's SMTP transport (pooled, 8 connections, no Nagle) and every
 * signed webhook over node:http with a keep-alive agent, 64 controllers in flight — what a
 * capable engineer would write without the service (no outbox, no queue, nothing recorded).
 * Prints the ratios bare / service. Drops its database and prefix.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { createHmac } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { AppModule } from '../../src/app.module';
import { configureHttpApp, createFastifyAdapter } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { RedisLocation } from '../../src/config/local-redis';
import { DatabaseLocation } from '../../src/database/database.module';
import { createMailTransport } from '../../src/notifications/mail-transport.client';
import { incidentBody } from '../../test/factories';
import { arg, BENCH_AUDIT_CHAIN_KEYS, clearPrefix, dbUrl, onServer, REDIS_URL, seedSharedInfrastructure } from '../shared';
import { timedRequest } from '../timed-request';

const CONTROLLERS = arg('controllers', 20_000);
const ADMIN_KEY = 'pat_bench_admin_key_0123456789abcdef';
const TIMEOUT_MS = 600_000;
const EVENT = 'incident.controller_affected';
/** The bare sender's pairs (an e-mail and a webhook) in flight. */
const SENDERS = 64;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const mailed = new Map<string, number>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) mailed.set(r.address, (mailed.get(r.address) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const hooked = new Map<string, number>();
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { data } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { controllerId: string } };
      hooked.set(data.controllerId, (hooked.get(data.controllerId) ?? 0) + 1);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

  const database = `pat_bench_${randomBytes(4).toString('hex')}`;
  const prefix = `pat_bench_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const config = loadConfig({
    DATABASE_URL: dbUrl(database),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    WORKERS: 'on',
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    MAIL_FROM: 'tracker@hosting.example',
    OFFICER_EMAIL: 'fg@hosting.example',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, database: new DatabaseLocation(config.DATABASE_URL!), redis: new RedisLocation(REDIS_URL), auditChainKeys: BENCH_AUDIT_CHAIN_KEYS, workers: true }),
    createFastifyAdapter(config),
    // Warnings too: jobs the after-commit buffer could not add (the reconciler adds them later) show here.
    { logger: ['error', 'warn'] },
  );
  configureHttpApp(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = await app.getUrl();
  const base = `${origin}/api/v1`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` };
  try {
    const { processorId, controllerIds } = await seedSharedInfrastructure(database, CONTROLLERS);
    const hook = await fetch(`${base}/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`, events: [EVENT], secret: 'bench-secret-0123456789' }),
    });
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${await hook.text()}`);

    const body = JSON.stringify(incidentBody({ processorId, affectedControllerIds: undefined, affectedScope: { allControllersOfProcessor: true }, title: 'Mail platform compromised' }));
    const load = loadavg()[0].toFixed(2);
    const res = await timedRequest({ url: `${base}/incidents`, method: 'POST', headers, body, warmUpUrl: `${origin}/health` });
    if (res.status !== 201) throw new Error(`report: ${res.status} ${res.text.slice(0, 500)}`);
    const accepted = res.headersAfter;
    const sinceSent = () => performance.timeOrigin + performance.now() - res.sentAt;
    const answer = JSON.parse(res.text) as { deadlines?: unknown[]; affectedScope?: { resolvedControllers: number } };

    const allMailed = () => controllerIds.every((_, i) => mailed.has(`privacy${i}@client.example`));
    const allHooked = () => controllerIds.every((id) => hooked.has(id));
    const everyone = () => allMailed() && allHooked();
    let mailedAfter: number | undefined;
    let hookedAfter: number | undefined;
    while (mailedAfter === undefined || hookedAfter === undefined) {
      if (sinceSent() > TIMEOUT_MS) throw new Error(`not delivered within ${seconds(TIMEOUT_MS)}: ${mailed.size} mails, ${hooked.size} webhooks`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (mailedAfter === undefined && allMailed()) mailedAfter = sinceSent();
      if (hookedAfter === undefined && allHooked()) hookedAfter = sinceSent();
    }
    const delivered = Math.max(mailedAfter, hookedAfter);
    const twice = [...hooked.values()].filter((n) => n > 1).length + controllerIds.filter((_, i) => (mailed.get(`privacy${i}@client.example`) ?? 0) > 1).length;

    console.log(`breach-scope bench: ${CONTROLLERS} controllers, load average at the report ${load}`);
    console.log(`  resolved ${answer.affectedScope?.resolvedControllers} controllers, ${answer.deadlines?.length} deadlines`);
    console.log(`  201 after          ${seconds(accepted)}   (goal ≤ 2 s)`);
    console.log(`  all delivered after ${seconds(delivered)}   (goal ≤ 60 s): ${CONTROLLERS} e-mails to the SMTP sink after ${seconds(mailedAfter)}, ${CONTROLLERS} webhooks after ${seconds(hookedAfter)}`);
    console.log(`  after the 201      ${seconds(delivered - accepted)} until all delivered`);
    console.log(`  per 1,000          ${seconds((delivered / CONTROLLERS) * 1000)} to deliver, ${seconds((accepted / CONTROLLERS) * 1000)} to accept`);
    console.log(`  delivered more than once: ${twice}; load average now ${loadavg()[0].toFixed(2)}`);

    mailed.clear();
    hooked.clear();
    const bareLoad = loadavg()[0].toFixed(2);
    const bare = await bareBaseline(dbUrl(database), processorId, (smtp.server.address() as AddressInfo).port, (receiver.address() as AddressInfo).port);
    if (!everyone()) throw new Error(`bare baseline: ${mailed.size} mails, ${hooked.size} webhooks`);
    console.log(
      `  bare: written after ${seconds(bare.accepted)}, all delivered after ${seconds(bare.delivered)} (${seconds((bare.delivered / CONTROLLERS) * 1000)} per 1,000); load average ${bareLoad} → ${loadavg()[0].toFixed(2)}`,
    );
    console.log(
      `  ratio bare / service: accept ${(bare.accepted / accepted).toFixed(2)}, deliver ${(bare.delivered / delivered).toFixed(2)}, deliver after the 201 ${(bare.delivered / (delivered - accepted)).toFixed(2)}`,
    );
  } finally {
    await app.close();
    await clearPrefix(prefix);
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    receiver.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
}

/** The same work without the service: resolve and write in one statement, then send everything, SENDERS at a time. */
async function bareBaseline(url: string, processorId: string, smtpPort: number, receiverPort: number): Promise<{ accepted: number; delivered: number }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  await db.query('CREATE TEMP TABLE bare_deadlines (controller_id uuid, contact_email text, due_at timestamptz)');
  const started = performance.now();
  const { rows } = await db.query<{ controller_id: string; contact_email: string; due_at: Date }>(
    `INSERT INTO bare_deadlines
     SELECT a.controller_id, c.contact_email, now() + a.breach_notification_hours * interval '1 hour'
       FROM processing_agreements a JOIN data_controllers c ON c.id = a.controller_id
      WHERE a.processor_id = $1 AND a.effective_from <= now() AND (a.ends_at IS NULL OR a.ends_at > now())
     RETURNING controller_id, contact_email, due_at`,
    [processorId],
  );
  const accepted = performance.now() - started;
  await db.end();
  // The service's SMTP transport (pooled, 8 connections, no Nagle), not its delivery.
  const mail = createMailTransport(`smtp://127.0.0.1:${smtpPort}`);
  const agent = new Agent({ keepAlive: true, maxSockets: SENDERS });
  const post = (body: string, signature: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: receiverPort, path: '/events', method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-signature': `sha256=${signature}` } }, (res) =>
        res.resume().on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)))),
      );
      req.on('error', reject);
      req.end(body);
    });
  const send = async ({ controller_id, contact_email, due_at }: (typeof rows)[number]) => {
    const body = JSON.stringify({ event: EVENT, occurredAt: new Date().toISOString(), data: { controllerId: controller_id, dueAt: due_at } });
    const signature = createHmac('sha256', 'bench-secret-0123456789').update(body).digest('hex');
    await Promise.all([mail.sendMail({ from: 'tracker@hosting.example', to: contact_email, subject: 'Datalek gemeld', text: `Melden vóór ${due_at.toISOString()}` }), post(body, signature)]);
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < rows.length) await send(rows[next++]);
    }),
  );
  mail.close();
  agent.destroy();
  return { accepted, delivered: performance.now() - started };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
