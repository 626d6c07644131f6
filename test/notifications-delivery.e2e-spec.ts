import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { verifySignature, verifyTimestampedSignature } from '../src/notifications/webhook-signature';
import { incidentBody, seedAgreement, seedController, seedProcessor } from './factories';
import { startTestApp, TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

jest.setTimeout(30_000);

const SECRET = 'whsec_delivery_test_0123456789';

interface Mail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

describe('notifications: webhook retries and e-mail through a real SMTP server', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const mails: Mail[] = [];
  let hookServer: Server;
  const hits: { raw: string; signature?: string; headers: IncomingHttpHeaders; receivedAt: Date; status: number }[] = [];
  let hookUrl: string;
  let processorId: string;
  let controllerId: string;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          void simpleParser(raw).then((parsed) => {
            mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: raw.toString('utf8'), parsed });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    // Fails the first attempt of every delivery, accepts the retry.
    const seen = new Set<string>();
    hookServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const id = (JSON.parse(raw) as { id: string }).id;
        const status = seen.has(id) ? 200 : 503;
        seen.add(id);
        hits.push({ raw, signature: req.headers['x-signature'] as string, headers: req.headers, receivedAt: new Date(), status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/events`;

    t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, OFFICER_EMAIL: 'fg@hosting.example', MAIL_FROM: 'tracker@hosting.example' } });
    processorId = await seedProcessor(t.dataSource);
    controllerId = await seedController(t.dataSource, { contactEmail: 'privacy@bakkerij.example' });
    await seedAgreement(t.dataSource, { controllerId, processorId });
  });

  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    await new Promise<void>((resolve) => hookServer?.close(() => resolve()));
  });

  const reportBody = () => incidentBody({ processorId, affectedControllerIds: [controllerId] });

  it('manages webhooks without ever returning the secret, refusing unknown events', async () => {
    const bad = await t
      .as()
      .post('/api/v1/webhooks')
      .send({ url: hookUrl, events: ['incident.exploded'], secret: SECRET });
    expect(bad.status).toBe(400);
    const created = await t
      .as()
      .post('/api/v1/webhooks')
      .send({ url: hookUrl, events: ['incident.created'], secret: SECRET });
    expect(created.status).toBe(201);
    const [list, one] = await Promise.all([t.as().get('/api/v1/webhooks'), t.as().get(`/api/v1/webhooks/${created.body.id}`)]);
    for (const body of [created.body, list.body, one.body]) expect(JSON.stringify(body)).not.toContain(SECRET);
    const disabled = await t.as().post(`/api/v1/webhooks/${created.body.id}/disable`);
    expect(disabled.body.enabled).toBe(false);
    expect((await t.as().post(`/api/v1/webhooks/${created.body.id}/enable`)).body.enabled).toBe(true);
  });

  it('retries a failed delivery with backoff, same id and same signed bytes, and logs both attempts', async () => {
    const res = await t.as().post('/api/v1/incidents').send(reportBody());
    expect(res.status).toBe(201);
    const ok = await waitFor('the retried delivery', () => hits.find((h) => h.status === 200 && JSON.parse(h.raw).data.incidentId === res.body.id));
    const attempts = hits.filter((h) => JSON.parse(h.raw).data.incidentId === res.body.id);
    expect(attempts.map((h) => h.status)).toEqual([503, 200]);
    expect(attempts[0].raw).toBe(attempts[1].raw);
    expect(verifySignature(SECRET, ok.raw, ok.signature)).toBe(true);
    // Each attempt carries its own time, signed with the raw body received; a replay of the first attempt later is refused.
    for (const attempt of attempts) {
      const verdict = verifyTimestampedSignature(SECRET, attempt.raw, attempt.headers, attempt.receivedAt, 5);
      expect(verdict).toEqual({ valid: true, timestamp: Number(attempt.headers['x-signature-timestamp']) });
      expect(verifyTimestampedSignature('whsec_not_the_secret_0000', attempt.raw, attempt.headers, attempt.receivedAt)).toEqual({ valid: false, reason: 'mismatch' });
      expect(verifyTimestampedSignature(SECRET, attempt.raw, attempt.headers, new Date(attempt.receivedAt.getTime() + 301_000))).toEqual({ valid: false, reason: 'too old' });
    }
    expect(attempts[1].headers['x-signature']).toBe(attempts[0].headers['x-signature']);
    expect(JSON.parse(ok.raw)).toMatchObject({ event: 'incident.created', data: { incidentId: res.body.id, controllerIds: [controllerId] } });

    const [hook] = (await t.as().get('/api/v1/webhooks')).body.items;
    const log = await waitFor('the delivery log to say delivered', async () => {
      const deliveries = await t.as().get(`/api/v1/webhooks/${hook.id}/deliveries`);
      const d = deliveries.body.items.find((x: { id: string }) => x.id === JSON.parse(ok.raw).id);
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(log).toMatchObject({ attempts: 2, lastStatusCode: 200, event: 'incident.created' });
  });

  it('e-mails the officer about a new breach through SMTP', async () => {
    const res = await t
      .as()
      .post('/api/v1/incidents')
      .send({ ...reportBody(), title: 'Phishing mailbox takeover' });
    const mail = await waitFor('the e-mail', () => mails.find((m) => m.parsed.text?.includes(`/breaches/${res.body.id}`)));
    expect(mail.from).toBe('tracker@hosting.example');
    expect(mail.to).toEqual(['fg@hosting.example']);
    // Text and HTML in one multipart message, in Dutch, the officer's default.
    expect(mail.parsed.subject).toMatch(/^Datalek gemeld: Phishing mailbox takeover bij Hosting BV — melden vóór (ma|di|wo|do|vr|za|zo) \d{1,2} [a-z]{3} \d{2}:\d{2}$/);
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(mail.parsed.text).toContain(`Bekijk in het dashboard: http://localhost:3000/breaches/${res.body.id}`);
    expect(mail.parsed.html).toContain(`<a href="http://localhost:3000/breaches/${res.body.id}">Bekijk in het dashboard</a>`);
    // The SMTP server has the message before the worker records it as sent.
    const row = await waitFor('the e-mail recorded as sent', async () => {
      const [found] = await t.dataSource.query<{ status: string; attempts: number }[]>(`SELECT status, attempts FROM email_messages WHERE body LIKE $1`, [`%${res.body.id}%`]);
      return found?.status === 'pending' ? undefined : found;
    });
    expect(row).toEqual({ status: 'sent', attempts: 1 });
  });

  it('writes each client its own message in its own language, naming only that client; the officer reads them all; webhooks carry the names', async () => {
    const controller = async (body: object) => (await t.as().post('/api/v1/controllers').send(body).expect(201)).body.id as string;
    const jansen = await controller({ name: 'Bakkerij Jansen & Zn', country: 'NL', contactEmail: 'privacy@jansen.example' });
    const script = await controller({ name: '<script>Brouwerij</script>', country: 'NL', contactEmail: 'fg@brouwerij.example', language: 'en' });
    for (const id of [jansen, script]) await seedAgreement(t.dataSource, { controllerId: id, processorId });
    expect((await t.as().get(`/api/v1/controllers/${script}`)).body.language).toBe('en');
    expect((await t.as().get(`/api/v1/controllers/${jansen}`)).body.language).toBeNull();
    expect((await t.as().post('/api/v1/controllers').send({ name: 'Elders', country: 'NL', language: 'de' })).status).toBe(400);
    const res = await t
      .as()
      .post('/api/v1/incidents')
      .send(incidentBody({ processorId, affectedControllerIds: [jansen, script], title: 'Ransomware op de backupserver' }))
      .expect(201);
    const about = await waitFor('three e-mails', () => {
      const found = mails.filter((m) => m.parsed.subject?.includes('Ransomware op de backupserver'));
      return found.length === 3 ? found : undefined;
    });
    const to = (address: string) => about.find((m) => m.to.includes(address))!;
    for (const m of about) expect(m.to).toHaveLength(1);

    const dutch = to('privacy@jansen.example').parsed;
    expect(dutch.subject).toMatch(/^Datalek gemeld: Ransomware op de backupserver bij Hosting BV — Bakkerij Jansen & Zn, melden vóór /);
    expect(dutch.text).toContain('Klant: Bakkerij Jansen & Zn');
    expect(dutch.html).toContain('Bakkerij Jansen &amp; Zn');
    const english = to('fg@brouwerij.example').parsed;
    expect(english.subject).toMatch(/^Breach reported: Ransomware op de backupserver at Hosting BV — <script>Brouwerij<\/script>, notify by /);
    expect(english.text).toContain('Client: <script>Brouwerij</script>');
    expect(english.html).not.toContain('<script>');
    expect(english.html).toContain('&lt;script&gt;Brouwerij&lt;/script&gt;');
    // A client reads nothing of another client.
    for (const m of [dutch, english]) {
      expect(`${m.subject}${m.text}${m.html}`).not.toContain(m === dutch ? 'Brouwerij' : 'Jansen');
      expect(m.text).not.toContain(res.body.id);
    }
    const officer = to('fg@hosting.example').parsed;
    expect(officer.subject).toMatch(/^Datalek gemeld: Ransomware op de backupserver bij Hosting BV — melden vóór /);
    expect(officer.text).toContain('Verwerkingsverantwoordelijke informeren over datalek (Bakkerij Jansen & Zn)');
    expect(officer.text).toContain('Verwerkingsverantwoordelijke informeren over datalek (<script>Brouwerij</script>)');
    // Each row keeps the controllers its message concerns, so a legal hold on one client keeps its own.
    const rows = await t.dataSource.query<{ recipients: string[]; controller_ids: string[] }[]>(
      `SELECT recipients, controller_ids FROM email_messages WHERE subject LIKE '%Ransomware op de backupserver%'`,
    );
    expect(rows.map((r) => [r.recipients[0], [...r.controller_ids].sort()]).sort()).toEqual(
      [
        ['fg@brouwerij.example', [script]],
        ['fg@hosting.example', [jansen, script].sort()],
        ['privacy@jansen.example', [jansen]],
      ].sort(),
    );

    const [delivery] = await t.dataSource.query<{ body: string }[]>(`SELECT body FROM webhook_deliveries WHERE event = 'incident.created' AND body LIKE $1`, [`%${res.body.id}%`]);
    const { data } = JSON.parse(delivery.body) as { data: Record<string, unknown> & { deadlines: Record<string, unknown>[] } };
    expect(data).toMatchObject({ incidentId: res.body.id, title: 'Ransomware op de backupserver', processorId, processorName: 'Hosting BV', controllerIds: [jansen, script] });
    expect(data.controllers).toEqual(
      expect.arrayContaining([
        { id: jansen, name: 'Bakkerij Jansen & Zn' },
        { id: script, name: '<script>Brouwerij</script>' },
      ]),
    );
    expect(data.deadlines.map((d) => [d.controllerId, d.controllerName])).toEqual(expect.arrayContaining([[jansen, 'Bakkerij Jansen & Zn']]));
  });
});
