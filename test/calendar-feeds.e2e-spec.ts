import request from 'supertest';
import { FakeClock } from '../src/common/clock';
import { createAgreementRecord, createController, createProcessor, incidentBody } from './factories';
import { ICAL } from './utils/ical';
import { ADMIN_KEY, startTestApp, TestApp } from './utils/test-app';

const PUBLIC_URL = 'https://compliance.example.nl';

interface IssuedFeed {
  id: string;
  token: string;
  url: string;
  webcalUrl: string;
}

interface ReportedDeadline {
  id: string;
  kind: string;
  controllerId: string | null;
  dueAt: string;
}

interface FeedEvent {
  uid: string;
  sequence: number;
  status: string;
  start: string;
  summary: string;
  description: string;
  url: string;
  triggers: string[];
}

/** Calendar programs subscribe to the feed with a plain GET: no key, the token in the URL. */
describe('calendar feed', () => {
  let t: TestApp;
  const clock = new FakeClock('2026-05-11T08:00:00Z');

  beforeAll(async () => {
    t = await startTestApp({ clock, workers: false, env: { PUBLIC_URL } });
  });

  afterAll(async () => {
    await t.close();
  });

  const fetchFeed = (token: string) => request(t.app.getHttpServer()).get(`/calendar.ics?token=${encodeURIComponent(token)}`);

  async function issueKey(role: 'officer' | 'reporter', processorId?: string): Promise<{ id: string; key: string }> {
    const res = await t
      .as()
      .post('/api/v1/api-keys')
      .send({ name: `${role} for the calendar`, role, ...(processorId ? { processorId } : {}) });
    expect(res.status).toBe(201);
    return res.body as { id: string; key: string };
  }

  async function issueFeed(key: string, body: Record<string, unknown> = {}): Promise<IssuedFeed> {
    const res = await t.as(key).post('/api/v1/calendar-feeds').send(body);
    expect(res.status).toBe(201);
    return res.body as IssuedFeed;
  }

  /** The feed as a parser reads it, after checking the wire format: CRLF only and no line over 75 octets. */
  async function feedEvents(token: string): Promise<Map<string, FeedEvent>> {
    const res = await fetchFeed(token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = res.text;
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const calendar = ICAL.Component.fromString(text);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const events = calendar.getAllSubcomponents('vevent').map((component) => {
      const event = new ICAL.Event(component);
      return {
        uid: event.uid,
        sequence: event.sequence,
        status: String(component.getFirstPropertyValue('status')),
        start: event.startDate.toJSDate().toISOString(),
        summary: event.summary,
        description: event.description,
        url: String(component.getFirstPropertyValue('url')),
        triggers: component.getAllSubcomponents('valarm').map((alarm) => String(alarm.getFirstPropertyValue('trigger'))),
      };
    });
    return new Map(events.map((event) => [event.uid, event]));
  }

  const uid = (deadlineId: string) => `deadline-${deadlineId}@compliance.example.nl`;

  async function reportBreach(title: string, processorName = 'Hosting Noord BV', controllerName = 'Gemeente Westland') {
    const processorId = await createProcessor(t, ADMIN_KEY, { name: processorName });
    const controllerId = await createController(t, ADMIN_KEY, { name: controllerName });
    await createAgreementRecord(t, ADMIN_KEY, { controllerId, processorId, reference: `VWO-${title.length}-${controllerName.length}` });
    const res = await t
      .as()
      .post('/api/v1/incidents')
      .send(incidentBody({ processorId, affectedControllerIds: [controllerId], title, awareAt: '2026-05-11T07:00:00Z' }));
    expect(res.status).toBe(201);
    const deadline = (res.body.deadlines as ReportedDeadline[]).find((d) => d.kind === 'controller_notification')!;
    return { processorId, controllerId, incidentId: res.body.id as string, deadline };
  }

  it('issues a feed whose URL is not the key, and publishes each open deadline as an event with a stable UID, its due instant in UTC, alarms and a link back', async () => {
    const officer = await issueKey('officer');
    const { deadline } = await reportBreach('Ransomware op de bestandsserver; één NAS, café-wifi');
    const feed = await issueFeed(officer.key, { name: 'Outlook op kantoor' });
    expect(feed.token).not.toBe(officer.key);
    expect(feed.url).toBe(`${PUBLIC_URL}/calendar.ics?token=${feed.token}`);
    expect(feed.webcalUrl).toBe(`webcal://compliance.example.nl/calendar.ics?token=${feed.token}`);

    const event = (await feedEvents(feed.token)).get(uid(deadline.id));
    expect(event).toMatchObject({
      status: 'CONFIRMED',
      start: deadline.dueAt,
      summary: 'Verwerkingsverantwoordelijke informeren over datalek: Ransomware op de bestandsserver; één NAS, café-wifi — Gemeente Westland',
      url: `${PUBLIC_URL}/deadlines/${deadline.id}`,
    });
    // Due 48 hours after awareAt (07:00 UTC, 09:00 in Amsterdam in May): reminders at 24, 36 and 43.2 hours into the window.
    expect(event!.triggers).toEqual(['-P1D', '-PT12H', '-PT4H48M']);
    expect(event!.description).toContain('Uiterlijk: 2026-05-13 09:00 (Europe/Amsterdam)');
    expect(event!.description).toContain(`Dashboard: ${PUBLIC_URL}/deadlines/${deadline.id}`);
    // The same deadline keeps its UID and SEQUENCE from one fetch to the next.
    expect((await feedEvents(feed.token)).get(uid(deadline.id))).toMatchObject({ uid: event!.uid, sequence: event!.sequence });
  });

  it('bumps SEQUENCE when the deadline changes, and cancels the event once the deadline is met', async () => {
    const officer = await issueKey('officer');
    const { incidentId, controllerId, deadline } = await reportBreach('Phishing bij de helpdesk');
    const feed = await issueFeed(officer.key);
    const before = (await feedEvents(feed.token)).get(uid(deadline.id))!;
    // A write that changes nothing but the timestamp is no change to a calendar.
    await t.dataSource.query(`UPDATE deadlines SET updated_at = now() WHERE id = $1`, [deadline.id]);
    expect((await feedEvents(feed.token)).get(uid(deadline.id))!.sequence).toBe(before.sequence);

    const notified = await t
      .as(officer.key)
      .post(`/api/v1/incidents/${incidentId}/notifications`)
      .send({ kind: 'controller_notification', controllerId, notifiedAt: '2026-05-11T07:45:00Z', channel: 'e-mail' });
    expect(notified.status).toBe(201);

    const after = (await feedEvents(feed.token)).get(uid(deadline.id))!;
    expect(after.status).toBe('CANCELLED');
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.summary).toMatch(/^Voldaan: /);
    expect(after.triggers).toEqual([]);
  });

  it("shows a reporter only its processor's breach clocks, as the API does", async () => {
    const own = await reportBreach('Lek bij de eigen verwerker', 'Hosting Zuid BV', 'Gemeente Delft');
    const other = await reportBreach('Lek bij een andere verwerker', 'Hosting Oost BV', 'Gemeente Leiden');
    const reporter = await issueKey('reporter', own.processorId);
    const feed = await issueFeed(reporter.key, { language: 'en' });
    const events = await feedEvents(feed.token);
    expect(events.has(uid(own.deadline.id))).toBe(true);
    expect(events.has(uid(other.deadline.id))).toBe(false);
    expect([...events.values()].every((e) => e.summary.startsWith('Inform the controller of the breach: Lek bij de eigen verwerker'))).toBe(true);
  });

  it("lists a key's own feeds without their tokens, and refuses to revoke another key's feed", async () => {
    const alice = await issueKey('officer');
    const bob = await issueKey('officer');
    const alicesFeed = await issueFeed(alice.key, { name: 'Thunderbird' });
    const bobsFeed = await issueFeed(bob.key);

    const listed = await t.as(alice.key).get('/api/v1/calendar-feeds');
    expect(listed.status).toBe(200);
    expect(listed.body.nextCursor).toBeNull();
    expect(listed.body.items).toEqual([{ id: alicesFeed.id, name: 'Thunderbird', language: 'nl', tokenPrefix: alicesFeed.token.slice(0, 10), createdAt: expect.any(String) }]);
    expect(JSON.stringify(listed.body)).not.toContain(alicesFeed.token);

    const refused = await t.as(alice.key).delete(`/api/v1/calendar-feeds/${bobsFeed.id}`);
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await fetchFeed(bobsFeed.token)).status).toBe(200);
  });

  it('answers 404 once the feed is revoked, and once its API key is revoked', async () => {
    const officer = await issueKey('officer');
    const revokedFeed = await issueFeed(officer.key);
    const keptFeed = await issueFeed(officer.key);

    expect((await t.as(officer.key).delete(`/api/v1/calendar-feeds/${revokedFeed.id}`)).status).toBe(204);
    const gone = await fetchFeed(revokedFeed.token);
    expect(gone.status).toBe(404);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(gone.body.errors).toEqual([{ field: 'token', message: 'unknown or revoked' }]);
    expect((await t.as(officer.key).delete(`/api/v1/calendar-feeds/${revokedFeed.id}`)).status).toBe(404);
    expect((await t.as(officer.key).get('/api/v1/calendar-feeds')).body.items.map((f: { id: string }) => f.id)).toEqual([keptFeed.id]);

    expect((await fetchFeed(keptFeed.token)).status).toBe(200);
    expect((await t.as().post(`/api/v1/api-keys/${officer.id}/revoke`)).status).toBe(201);
    expect((await fetchFeed(keptFeed.token)).status).toBe(404);
  });

  it('refuses a missing, repeated or unknown token with a problem naming it, and issuing without a key', async () => {
    const missing = await request(t.app.getHttpServer()).get('/calendar.ics');
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('token');
    const repeated = await request(t.app.getHttpServer()).get('/calendar.ics?token=a&token=b');
    expect(repeated.status).toBe(400);
    expect(repeated.body.errors.map((e: { field: string }) => e.field)).toContain('token');
    const unknown = await fetchFeed('cal_not-a-token-this-service-issued');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    // The API key itself is not a feed token.
    expect((await fetchFeed(ADMIN_KEY)).status).toBe(404);
    expect((await request(t.app.getHttpServer()).post('/api/v1/calendar-feeds').send({})).status).toBe(401);
    // No body at all is an empty one: every field is optional.
    expect((await t.as().post('/api/v1/calendar-feeds')).status).toBe(201);
    const unknownField = await t.as().post('/api/v1/calendar-feeds').send({ token: 'mine' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors.map((e: { field: string }) => e.field)).toContain('token');
  });
});
