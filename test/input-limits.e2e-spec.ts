import { randomUUID } from 'node:crypto';
import { MAX_JSON_DEPTH } from '../src/common/json-body';
import { changedTables, DatabaseWatch } from './fuzz/database-state';
import { ApiDocument, fillPath, queryParameters, Route, routeName } from './fuzz/openapi-routes';
import { useFuzzTarget } from './fuzz/target';
import { FuzzWorld } from './fuzz/world';
import { TestApp } from './utils/test-app';

const API = '/api/v1';

interface Answer {
  status: number;
  body: { type?: string; detail?: string; errors?: { field: string; message: string }[] };
}

const cursorOf = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');

/** The reproductions of the fuzzer's 500s (issue 8, section 5): each is a 400 naming what is wrong, and writes nothing. */
describe('input limits: no input gives a 500', () => {
  let t: TestApp, api: ApiDocument, world: FuzzWorld, watch: DatabaseWatch;

  useFuzzTarget((target) => ({ t, api, world, watch } = target));

  const send = (method: Route['method'], path: string, raw: string) => t.as()[method](path).set('content-type', 'application/json').send(raw);

  interface Refusal {
    name: string;
    send: () => Promise<Answer>;
    /** What is wrong with the answer, or undefined when it is the refusal wanted. */
    check: (answer: Answer) => string | undefined;
  }

  /** Sends each request and names every one that was not refused as wanted, or that wrote anything. */
  async function notRefused(requests: Refusal[]): Promise<string[]> {
    const wrong: string[] = [];
    for (const request of requests) {
      const before = await watch.read();
      const answer = await request.send();
      const written = changedTables(before, await watch.read());
      const problem = request.check(answer) ?? (written.length ? `wrote ${written.join(', ')}` : undefined);
      if (problem) wrong.push(`${request.name}: ${problem} — got ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return wrong;
  }

  const validationNaming =
    (field: string, message: RegExp) =>
    ({ status, body }: Answer): string | undefined =>
      status === 400 && body.type === '/problems/validation' && body.errors?.some((e) => e.field === field && message.test(e.message)) ? undefined : `expected a 400 naming ${field}`;

  describe('deeply nested JSON', () => {
    const bodyRoutes = () => api.routes.filter((route) => route.body);
    const tooDeep = ({ status, body }: Answer) =>
      status === 400 && body.type === '/problems/malformed-json' && body.detail?.includes(`deeper than ${MAX_JSON_DEPTH} levels`) ? undefined : 'expected a 400 malformed-json naming the depth';

    it('is refused at parse on every route with a body: 1,500 nested arrays, 2,500 nested objects', async () => {
      expect(bodyRoutes().length).toBeGreaterThanOrEqual(30);
      const requests = bodyRoutes().flatMap((route) => {
        const path = fillPath(route, world.pathValues(route));
        return [
          { name: `${routeName(route)} with 1,500 nested arrays`, send: () => send(route.method, path, '['.repeat(1500) + ']'.repeat(1500)), check: tooDeep },
          { name: `${routeName(route)} with 2,500 nested objects`, send: () => send(route.method, path, '{"a":'.repeat(2500) + '1' + '}'.repeat(2500)), check: tooDeep },
          { name: `${routeName(route)} with 1,500 nested arrays in a field`, send: () => send(route.method, path, `{"name":${'['.repeat(1500)}${']'.repeat(1500)}}`), check: tooDeep },
        ];
      });
      const wrong = await notRefused(requests);
      expect(wrong).toEqual([]);
    });

    it(`parses a body nested exactly ${MAX_JSON_DEPTH} levels deep, and brackets inside strings do not count`, async () => {
      const processor = `${API}/processors/${world.id('processor')}`;
      const deepest = '{"a":'.repeat(MAX_JSON_DEPTH - 1) + '[]' + '}'.repeat(MAX_JSON_DEPTH - 1);
      const atLimit = await send('patch', processor, deepest);
      expect(atLimit.status).toBe(400);
      expect(atLimit.body.type).toBe('/problems/validation');
      expect(atLimit.body.errors).toEqual([{ field: 'a', message: 'property a should not exist' }]);
      const bracketsInText = await send('patch', processor, JSON.stringify({ dpoName: '['.repeat(150) + '\\"{' }));
      expect(bracketsInText.status).toBe(200);
      expect(bracketsInText.body.dpoName).toBe('['.repeat(150) + '\\"{');
    });

    it('refuses prototype keys, naming them', async () => {
      const proto = await send('post', `${API}/processors`, '{"name":"x","country":"NL","__proto__":{"admin":true}}');
      expect(proto.status).toBe(400);
      expect(proto.body).toMatchObject({ type: '/problems/malformed-json', detail: expect.stringContaining('__proto__') });
      const constructor = await send('post', `${API}/processors`, '{"name":"x","country":"NL","constructor":{"prototype":{"admin":true}}}');
      expect(constructor.status).toBe(400);
      expect(constructor.body).toMatchObject({ type: '/problems/malformed-json', detail: expect.stringContaining('constructor.prototype') });
    });
  });

  describe('text Postgres cannot store', () => {
    it('refuses a NUL byte in any string, naming the field', async () => {
      const controller = world.id('controller');
      const cases: [Route['method'], string, string, string][] = [
        ['patch', `${API}/processors/${world.id('processor')}`, '{"name":"a\\u0000b"}', 'name'],
        ['post', `${API}/processors`, '{"name":"Hosting","country":"NL","securityMeasures":["ok","a\\u0000b"]}', 'securityMeasures[1]'],
        ['post', `${API}/controllers/${controller}/contacts`, '{"name":"a\\u0000b"}', 'name'],
        ['patch', `${API}/controllers/${controller}/contacts/${world.id('contact')}`, '{"role":"a\\u0000"}', 'role'],
        ['post', `${API}/sub-processors`, JSON.stringify({ processorId: world.id('processor'), name: 'a\u0000b', service: 'x', country: 'NL' }), 'name'],
        ['patch', `${API}/sub-processors/${world.id('subProcessor')}`, '{"service":"\\u0000"}', 'service'],
        ['post', `${API}/incidents/${world.id('incident')}/updates`, '{"note":"x","description":"a\\u0000b"}', 'description'],
      ];
      const wrong = await notRefused(
        cases.map(([method, path, raw, field]) => ({ name: `${method.toUpperCase()} ${path} ${raw}`, send: () => send(method, path, raw), check: validationNaming(field, /NUL character/) })),
      );
      expect(wrong).toEqual([]);
    });

    it('refuses a NUL byte in a nested field, an object key, a query parameter and a path parameter', async () => {
      const incident = await send(
        'post',
        `${API}/incidents`,
        JSON.stringify({ processorId: world.id('processor'), title: 't', awareAt: new Date().toISOString(), affectedControllerIds: [], reporter: { name: 'a\u0000', email: 'a@b.nl' } }),
      );
      expect(validationNaming('reporter.name', /NUL character/)(incident)).toBeUndefined();
      const key = await send('patch', `${API}/processors/${world.id('processor')}`, '{"na\\u0000me":"x"}');
      expect(validationNaming('body', /a key in the body must not contain the NUL character/)(key)).toBeUndefined();
      const query = await t.as().get(`${API}/audit-log?entityType=%00`);
      expect(validationNaming('entityType', /NUL character/)(query)).toBeUndefined();
      const param = await t.as().get(`${API}/retention-policies/a%00b`);
      expect(validationNaming('category', /NUL character/)(param)).toBeUndefined();
    });

    it('refuses a lone surrogate in an e-mail field and in any other string, naming the field', async () => {
      const processor = `${API}/processors/${world.id('processor')}`;
      const unpaired = /well-formed Unicode/;
      const wrong = await notRefused([
        { name: 'contactEmail', send: () => send('patch', processor, '{"contactEmail":"\\ud800"}'), check: validationNaming('contactEmail', unpaired) },
        { name: 'name', send: () => send('patch', processor, '{"name":"x\\udfffy"}'), check: validationNaming('name', unpaired) },
        {
          name: 'reporter.email',
          send: () =>
            send(
              'post',
              `${API}/incidents`,
              JSON.stringify({ processorId: world.id('processor'), title: 't', awareAt: new Date().toISOString(), affectedControllerIds: [], reporter: { name: 'x', email: 'a\ud800@b.nl' } }),
            ),
          check: validationNaming('reporter.email', unpaired),
        },
      ]);
      expect(wrong).toEqual([]);
      const email = await send('patch', processor, '{"contactEmail":"\\ud800"}');
      expect(email.body.errors).toEqual([{ field: 'contactEmail', message: 'contactEmail must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)' }]);
      const pair = await send('patch', processor, '{"dpoName":"J. \\ud83d\\ude00"}');
      expect(pair.status).toBe(200);
      expect(pair.body.dpoName).toBe('J. 😀');
    });
  });

  it('parses JSON only: a text or form body is a 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await t.as().post(`${API}/processors`).set('content-type', type).send('name=x&country=NL');
      expect({ type, status: res.status, problem: (res.body as { type?: string }).type }).toEqual({ type, status: 415, problem: '/problems/unsupported-media-type' });
    }
  });

  it('answers a path that is not UTF-8, or with a parameter too long for any id, with a problem naming the path', async () => {
    for (const path of [`${API}/processors/%FF`, `${API}/processors/%zz`, `${API}/processors/${'x'.repeat(200)}`, `${API}/controllers/%E0%A4%A/contacts`]) {
      const res = await t.as().get(path);
      expect({ path, status: res.status, type: res.headers['content-type'], body: res.body as unknown }).toEqual({
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
        body: expect.objectContaining({ type: '/problems/validation', errors: [expect.objectContaining({ field: 'path' })] }),
      });
    }
  });

  it('refuses an ISO 8601 week or ordinal date the service could not read as an instant, naming the field', async () => {
    const contacts = `${API}/controllers/${world.id('controller')}/contacts`;
    const wrong = await notRefused(
      ['2026-W01-1T00:00:00Z', '2026-001T00:00:00Z'].map((at) => ({
        name: at,
        send: () => send('post', contacts, JSON.stringify({ name: 'Jan', lastActivityAt: at })),
        check: validationNaming('lastActivityAt', /ISO 8601 instant/),
      })),
    );
    expect(wrong).toEqual([]);
  });

  it('refuses a retention period beyond a century, naming it: with one, every retention run failed', async () => {
    const category = `${API}/retention-policies/${world.categories[0]}`;
    const policy = (await t.as().get(category)).body as Record<string, unknown>;
    const wrong = await notRefused(
      ['P1000000Y', 'P101Y'].map((period) => ({
        name: period,
        send: () => send('put', category, JSON.stringify({ period, anchor: policy.anchor, action: policy.action, legalBasis: policy.legalBasis })),
        check: validationNaming('period', /at most a century/),
      })),
    );
    expect(wrong).toEqual([]);
  });

  describe('crafted cursors', () => {
    const paginated = () => api.routes.filter((route) => route.method === 'get' && queryParameters(route).some((p) => p.name === 'cursor') && !route.path.endsWith('export.csv'));

    it('are refused with a 400 naming the cursor on every paginated list', async () => {
      const lists = paginated().map(routeName);
      for (const list of [
        'processors',
        'controllers',
        'controllers/{id}/contacts',
        'controllers/{id}/invoices',
        'agreements',
        'sub-processors',
        'incidents',
        'deadlines',
        'webhooks',
        'webhooks/{id}/deliveries',
        'legal-holds',
        'retention/runs',
      ]) {
        expect(lists).toContain(`GET ${API}/${list}`);
      }
      const cursors = [
        cursorOf(['+275760-09-13T00:00:00.000Z', randomUUID()]),
        cursorOf(['-271821-04-20T00:00:00.000Z', randomUUID()]),
        cursorOf(['0000-01-01T00:00:00.000Z', randomUUID()]),
        cursorOf(['2026-02-30T00:00:00.000Z', randomUUID()]),
        cursorOf(['2026-01-01', randomUUID()]),
        cursorOf(['2026-01-01T00:00:00.000Z', '------------------------------------']),
        cursorOf(['2026-01-01T00:00:00.000Z']),
        cursorOf({ createdAt: '2026-01-01T00:00:00.000Z' }),
        cursorOf([1, 2]),
        cursorOf(null),
        '%00',
        '99999999999999999999999',
      ];
      const requests = paginated().flatMap((route) =>
        cursors.map((cursor) => ({
          name: `${routeName(route)}?cursor=${cursor}`,
          send: () => t.as().get(`${fillPath(route, world.pathValues(route))}?cursor=${cursor}`),
          check: validationNaming('cursor', /./),
        })),
      );
      const wrong = await notRefused(requests);
      expect(wrong).toEqual([]);
    });

    it('still follows the cursors the service issues', async () => {
      await t.as().post(`${API}/processors`).send({ name: 'Second', country: 'NL' }).expect(201);
      for (const route of paginated().filter((r) => !r.path.includes('{'))) {
        const first = await t.as().get(`${route.path}?limit=1`);
        expect({ route: routeName(route), status: first.status }).toEqual({ route: routeName(route), status: 200 });
        if (!first.body.nextCursor) continue;
        const next = await t.as().get(`${route.path}?limit=1&cursor=${first.body.nextCursor}`);
        expect({ route: routeName(route), status: next.status }).toEqual({ route: routeName(route), status: 200 });
        expect(next.body.items[0]?.id).not.toBe(first.body.items[0].id);
      }
    });
  });

  describe('incident reports and updates', () => {
    it.each(['title', 'description', 'nature', 'dataCategories', 'specialCategories'])('refuses null for %s, naming it, and writes nothing', async (field) => {
      const path = `${API}/incidents/${world.id('incident')}/updates`;
      const wrong = await notRefused([{ name: field, send: () => send('post', path, JSON.stringify({ note: 'clearing a fact', [field]: null })), check: validationNaming(field, /./) }]);
      expect(wrong).toEqual([]);
    });

    it('refuses a report without a title, naming it, and writes nothing', async () => {
      const body = { ...world.body(api.routes.find((r) => routeName(r) === `POST ${API}/incidents`)!), title: undefined };
      const wrong = await notRefused([{ name: 'no title', send: () => send('post', `${API}/incidents`, JSON.stringify(body)), check: validationNaming('title', /./) }]);
      expect(wrong).toEqual([]);
    });

    it.each(['approxDataSubjects', 'approxRecords'])('refuses a count in %s beyond the integer column, naming it', async (field) => {
      const path = `${API}/incidents/${world.id('incident')}/updates`;
      const wrong = await notRefused([
        { name: field, send: () => send('post', path, JSON.stringify({ note: 'a larger breach', [field]: 2 ** 31 })), check: validationNaming(field, /must not be greater than 2147483647/) },
      ]);
      expect(wrong).toEqual([]);
    });
  });
});
