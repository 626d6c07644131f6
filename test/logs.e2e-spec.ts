import { freePort } from './utils/free-port';
import { ServiceProcess } from './utils/processes';
import { ADMIN_KEY, AUDIT_CHAIN_KEY, clearQueuePrefix, runTemplate } from './utils/test-app';
import { createDatabaseFromTemplate, databaseUrl, dropDatabase, TEST_REDIS_URL, uniqueName } from './utils/test-database';
import { agreementBody, controllerBody, incidentBody, processorBody } from './factories';
import { waitFor } from './utils/wait-for';

jest.setTimeout(60_000);

interface LogLine {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

/** What only this test sends: none of it may reach the log. */
const REPORTER = { name: 'Saskia Logvrij-Onvindbaar', email: 'saskia.onvindbaar@reporter.example' };
const TITLE = 'Leaked-title-unique-8841';
const DESCRIPTION = 'Description-unique-5521 about the breach';
const QUERY_SECRET = 'query-secret-7730';

/**
 * The built service's stdout, as a log collector reads it (a pipe: JSON): one line per
 * request with its route pattern, one per domain event with ids and kinds, and nothing
 * personal from the request in any line.
 */
describe('the log', () => {
  const queuePrefix = uniqueName('pat_logs');
  let databaseName: string;
  let service: ServiceProcess;
  let base: string;

  const lines = (): LogLine[] =>
    service.output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    databaseName = await createDatabaseFromTemplate(runTemplate());
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    service = new ServiceProcess('main', {
      DATABASE_URL: databaseUrl(databaseName),
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      ADMIN_API_KEY: ADMIN_KEY,
      AUDIT_CHAIN_KEY,
      LOG_LEVEL: 'info',
      WORKERS: 'off',
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    await service.logged(/Listening on/);
  });

  afterAll(async () => {
    service.signal('SIGTERM');
    await service.exited;
    await clearQueuePrefix(queuePrefix);
    await dropDatabase(databaseName);
  });

  it('is JSON when nobody reads it at a terminal', () => {
    expect(lines().length).toBeGreaterThan(0);
    expect(service.output).not.toContain('\u001b[');
  });

  it('has one line per request: method, route pattern, status and duration, without the query', async () => {
    const processor = await call('POST', '/api/v1/processors', processorBody());
    expect(processor.status).toBe(201);
    expect((await call('GET', `/api/v1/processors/${String(processor.body.id)}?cursor=${QUERY_SECRET}`)).status).toBe(200);
    expect((await call('GET', `/api/v1/processors?q=${QUERY_SECRET}`)).status).toBe(200);

    await waitFor('three request lines', () => lines().filter((l) => l.msg === 'request completed').length >= 3 || undefined);
    const requests = lines().filter((l) => l.msg === 'request completed');
    expect(requests).toHaveLength(3);
    expect(requests.map(({ method, route, status }) => ({ method, route, status }))).toEqual([
      { method: 'POST', route: '/api/v1/processors', status: 201 },
      { method: 'GET', route: '/api/v1/processors/:id', status: 200 },
      { method: 'GET', route: '/api/v1/processors', status: 200 },
    ]);
    for (const line of requests) expect(typeof line.durationMs).toBe('number');
    expect(service.output).not.toContain(QUERY_SECRET);
    expect(service.output).not.toContain(ADMIN_KEY);
  });

  it('has one line for a breach report, with ids and kinds and nothing of the reporter', async () => {
    const processorId = String((await call('POST', '/api/v1/processors', processorBody())).body.id);
    const controllerId = String((await call('POST', '/api/v1/controllers', controllerBody())).body.id);
    expect((await call('POST', '/api/v1/agreements', agreementBody({ controllerId, processorId }))).status).toBe(201);
    const report = await call('POST', '/api/v1/incidents', incidentBody({ processorId, affectedControllerIds: [controllerId], reporter: REPORTER, title: TITLE, description: DESCRIPTION }));
    expect(report.status).toBe(201);
    const incidentId = String(report.body.id);

    await waitFor('the incident.created line', () => lines().some((l) => l.msg === 'incident.created') || undefined);
    const created = lines().filter((l) => l.msg === 'incident.created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ event: 'incident.created', incidentId, processorId, controllerIds: [controllerId] });
    const deadlines = created[0].deadlines as { deadlineId: string; kind: string }[];
    expect(deadlines.map((d) => d.kind)).toContain('controller_notification');
    for (const d of deadlines) expect(d.deadlineId).toMatch(/^[0-9a-f-]{36}$/);

    for (const personal of [REPORTER.name, REPORTER.email, TITLE, DESCRIPTION]) expect(service.output).not.toContain(personal);
  });
});
