import { PROBLEM_TYPES, ProblemKind, problemType } from '../src/common/problem';
import { FuzzCase, FuzzContext, nextCase, Random } from './fuzz/cases';
import { changedTables, DatabaseWatch } from './fuzz/database-state';
import { ApiDocument, Route, routeName, WRITE_METHODS } from './fuzz/openapi-routes';
import { useFuzzTarget } from './fuzz/target';
import { FuzzWorld } from './fuzz/world';
import { ADMIN_KEY, TestApp } from './utils/test-app';

/**
 * `npm test` sends RUNS requests (about a minute on a 2-core machine); FUZZ_RUNS=20000
 * runs longer, FUZZ_SEED another sequence. The same seed sends the same requests.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 8000);
const SEED = Number(process.env.FUZZ_SEED ?? 20260508);

const KNOWN_TYPES = new Set([...(Object.keys(PROBLEM_TYPES) as ProblemKind[]).map(problemType), 'about:blank']);

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** What is wrong with an answer, or undefined: no 5xx ever, and every 4xx a problem that says what is wrong. */
function judge(answer: Answer): string | undefined {
  if (answer.status >= 500) return 'a server error';
  if (answer.status < 400) return undefined;
  if (!answer.contentType.startsWith('application/problem+json')) return 'an error that is not application/problem+json';
  let problem: { type?: string; status?: number; detail?: string; errors?: unknown[] };
  try {
    problem = JSON.parse(answer.text) as typeof problem;
  } catch {
    return 'a problem that is not JSON';
  }
  if (!KNOWN_TYPES.has(problem.type ?? '') || problem.status !== answer.status || !problem.detail) return 'a problem without a known type, its status or a detail';
  if (problem.type === problemType('validation') && !problem.errors?.length) return 'a validation problem that names no field';
  return undefined;
}

const shown = (text: string, limit = 2000) => (text.length > limit ? `${text.slice(0, limit)}… [${text.length} characters in all]` : text);

/** Everything needed to send the request again by hand. */
function describeCase(fuzzCase: FuzzCase, route: Route, answer: Answer): string {
  const body = fuzzCase.body === undefined ? '(none)' : Buffer.isBuffer(fuzzCase.body) ? `base64 ${fuzzCase.body.toString('base64')}` : shown(JSON.stringify(fuzzCase.body));
  return [
    `${fuzzCase.method.toUpperCase()} ${shown(fuzzCase.url, 500)}   (route ${routeName(route)})`,
    `  mutation: ${fuzzCase.mutation}`,
    `  headers: ${JSON.stringify(fuzzCase.headers)}`,
    `  body, as a JS string literal: ${body}`,
    `  → ${answer.status} ${answer.contentType} ${shown(answer.text, 1000)}`,
  ].join('\n');
}

describe('fuzz: no input gives a 500, and a refused request writes nothing', () => {
  let t: TestApp, api: ApiDocument, world: FuzzWorld, watch: DatabaseWatch;

  useFuzzTarget((target) => ({ t, api, world, watch } = target));

  it('notices an insert, an update and a delete, and a rolled-back write not', async () => {
    const start = await watch.read();
    const rows = start.get('processors')!.rows;
    expect(changedTables(start, await watch.read())).toEqual([]);
    await t.dataSource.query(`INSERT INTO processors (name, country) VALUES ('watched', 'NL')`);
    const inserted = await watch.read();
    expect(changedTables(start, inserted)).toEqual([`processors: ${rows} → ${rows + 1} rows`]);
    await t.dataSource.query(`UPDATE processors SET name = name WHERE name = 'watched'`);
    const updated = await watch.read();
    expect(changedTables(inserted, updated)).toEqual([`processors: ${rows + 1} → ${rows + 1} rows (a row updated)`]);
    await t.dataSource
      .transaction(async (manager) => {
        await manager.query(`DELETE FROM processors WHERE name = 'watched'`);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(changedTables(updated, await watch.read())).toEqual([]);
    await t.dataSource.query(`DELETE FROM processors WHERE name = 'watched'`);
    expect(changedTables(updated, await watch.read())).toEqual([`processors: ${rows + 1} → ${rows} rows`]);
  });

  it(
    `sends ${RUNS} mutated requests to every route of the OpenAPI document (seed ${SEED})`,
    async () => {
      let cursor: string | undefined;
      const context: FuzzContext = {
        resolve: (schema) => api.resolve(schema),
        pathValues: (route) => world.pathValues(route),
        validBody: (route) => world.body(route),
        realIds: () => world.allIds(),
        realCategories: () => world.categories,
        issuedCursor: () => cursor,
      };
      // Write routes weigh double: they have bodies to mutate and rows to leave half-written.
      const routes = api.routes.flatMap((route) => (WRITE_METHODS.includes(route.method) ? [route, route] : [route]));
      const fastify = t.app.getHttpAdapter().getInstance();
      const random = new Random(SEED);
      const findings = new Map<string, { count: number; example: string }>();
      const statuses = new Map<number, number>();
      const started = Date.now();
      let before = await watch.read();

      for (let i = 0; i < RUNS; i += 1) {
        const route = random.pick(routes);
        const fuzzCase = nextCase(route, random, context);
        const res = await fastify.inject({
          method: fuzzCase.method.toUpperCase() as 'GET',
          url: fuzzCase.url,
          headers: { authorization: `Bearer ${ADMIN_KEY}`, ...fuzzCase.headers },
          ...(fuzzCase.body === undefined ? {} : { payload: fuzzCase.body }),
        });
        const answer: Answer = { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), text: res.body };
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);

        let after = await watch.read();
        const written = answer.status >= 400 ? changedTables(before, after) : [];
        const wrong = judge(answer) ?? (written.length ? `a refused request that wrote (${written.join(', ')})` : undefined);
        if (wrong) {
          const key = `${routeName(route)} → ${answer.status}: ${wrong}`;
          const finding = findings.get(key) ?? { count: 0, example: describeCase(fuzzCase, route, answer) };
          findings.set(key, { ...finding, count: finding.count + 1 });
        }
        if (answer.status < 300 && fuzzCase.method !== 'get') {
          await world.renewAfter(route);
          after = await watch.read();
        }
        if (answer.status === 200 && fuzzCase.method === 'get' && answer.contentType.startsWith('application/json')) {
          cursor = (JSON.parse(answer.text) as { nextCursor?: string }).nextCursor ?? cursor;
        }
        before = after;
      }

      const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
      console.log(`fuzz: ${RUNS} requests (seed ${SEED}) over ${api.routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s: ${byStatus.join(', ')}`);
      const report = [...findings].map(([key, { count, example }]) => `${key} (${count} requests like it)\n${example}`);
      expect(report).toEqual([]);
    },
    60_000 + RUNS * 200,
  );
});
