/**
 * What writing the e-mails of one breach costs in the report's transaction, without the
 * database: `controllers` clients, each a message of its own (half in Dutch, half in
 * English), and the officer's message listing them all, rendered as text and HTML from the
 * templates. Baseline in the same run: `JSON.stringify` of the same payloads, what a webhook
 * body costs. Prints both, per 1,000 messages, and the ratio.
 *
 *   npx ts-node --transpile-only bench/messages/render.ts [--controllers 20000]
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { renderMail } from '../../src/notifications/mail-render';
import { mailContext, templateOf } from '../../src/notifications/message-templates';
import { Names } from '../../src/notifications/subject-names.registry';
import { arg } from '../shared';

const CONTROLLERS = arg('controllers', 20_000);

function main(): void {
  const processorId = randomUUID();
  const incidentId = randomUUID();
  const awareAt = '2025-11-24T09:30:00.000Z';
  const clients = Array.from({ length: CONTROLLERS }, (_, i) => ({ id: randomUUID(), name: `Klant ${i} B.V.`, language: i % 2 === 0 ? ('nl' as const) : ('en' as const) }));
  const byId = new Map<string, string>(clients.map((c) => [c.id, c.name]));
  const names: Names = (type, id) => (type === 'processor' ? 'Hosting BV' : id ? byId.get(id) : undefined);
  // Agreements of 12, 24, 48 and 72 hours: a handful of distinct due instants, as in a real outbreak.
  const dueAt = (i: number) => new Date(Date.parse(awareAt) + [12, 24, 48, 72][i % 4] * 3_600_000).toISOString();
  const affected = clients.map((c, i) => ({ incidentId, title: 'ransomware', processorId, awareAt, controllerId: c.id, dueAt: dueAt(i), controllerIds: [c.id] }));
  const created = {
    incidentId,
    title: 'ransomware',
    role: 'processor',
    processorId,
    awareAt,
    controllerIds: clients.map((c) => c.id),
    deadlines: clients.map((c, i) => ({ deadlineId: randomUUID(), kind: 'controller_notification', controllerId: c.id, dueAt: dueAt(i), basis: 'agreement' })),
  };

  const started = performance.now();
  let bytes = 0;
  const base = { publicUrl: 'https://compliance.hosting.example', occurredAt: new Date(), officerEmail: 'fg@hosting.example' };
  const contexts = { nl: mailContext('nl', names, base), en: mailContext('en', names, base) };
  const perClient = templateOf('incident.controller_affected')!.mail!;
  for (const [i, data] of affected.entries()) {
    const language = clients[i].language;
    const mail = renderMail(perClient(data, { kind: 'controller', controllerId: data.controllerId }, contexts[language]), language);
    bytes += mail.text.length + mail.html.length;
  }
  const officer = renderMail(templateOf('incident.created')!.mail!(created as never, { kind: 'officer' }, contexts.nl), 'nl');
  bytes += officer.text.length + officer.html.length;
  const rendered = performance.now() - started;

  const baselineStarted = performance.now();
  let json = 0;
  for (const data of affected) json += JSON.stringify(data).length;
  json += JSON.stringify(created).length;
  const baseline = performance.now() - baselineStarted;

  const messages = CONTROLLERS + 1;
  console.log(`messages bench: ${CONTROLLERS} clients + the officer, load average ${loadavg()[0].toFixed(2)}`);
  console.log(`  rendered (text + HTML)   ${rendered.toFixed(0)} ms, ${((rendered / messages) * 1000).toFixed(1)} ms per 1,000, ${(bytes / messages).toFixed(0)} characters each`);
  console.log(`  JSON.stringify baseline  ${baseline.toFixed(0)} ms, ${((baseline / messages) * 1000).toFixed(1)} ms per 1,000 (${json} characters)`);
  console.log(`  ratio rendered / baseline ${(rendered / baseline).toFixed(1)}`);
}

main();
