import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, TestApp } from './utils/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

jest.setTimeout(120_000);

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Response {
  description?: string;
  content?: Record<string, { schema?: Schema }>;
}

interface Operation {
  summary?: string;
  security?: unknown[];
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Record<string, Response>;
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, Record<string, unknown>> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Success without a body: said so explicitly, by status. */
const NO_CONTENT = new Set(['204']);

/**
 * The OpenAPI document the app builds, held to what a client generator needs: every
 * operation summarised, its success answer typed, its errors documented as problems. It
 * runs over the whole document, so a route added later is held to it too.
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: Document;
  const operations: { name: string; path: string; operation: Operation }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ workers: false });
    const res = await t.as('').get('/docs-json');
    expect(res.status).toBe(200);
    document = res.body as Document;
    for (const [path, item] of Object.entries(document.paths)) for (const method of METHODS) if (item[method]) operations.push({ name: `${method.toUpperCase()} ${path}`, path, operation: item[method] });
  });
  afterAll(() => t.close());

  it('calls the bearer scheme an API key, not a JWT', () => {
    expect(Object.values(document.components.securitySchemes)).toEqual([{ type: 'http', scheme: 'bearer', description: 'API key' }]);
  });

  it('summarises every operation', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter(({ operation }) => !operation.summary?.trim()).map(({ name }) => name)).toEqual([]);
  });

  it('types the success answer of every operation, or says it has none', () => {
    const untyped = operations.filter(({ operation }) => {
      const successes = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (successes.length === 0) return true;
      return !successes.every(([status, response]) => {
        if (NO_CONTENT.has(status)) return !response.content;
        const media = Object.values(response.content ?? {});
        return media.length > 0 && media.every((m) => m.schema && (m.schema.$ref || m.schema.type || m.schema.allOf || m.schema.oneOf));
      });
    });
    expect(untyped.map(({ name }) => name)).toEqual([]);
  });

  it('documents the problems each route answers, all as application/problem+json', () => {
    const missing: string[] = [];
    for (const { name, path, operation } of operations) {
      const expected = new Set<string>();
      if (operation.parameters?.length || operation.requestBody) expected.add('400');
      if (operation.security?.length) ['401', '403'].forEach((s) => expected.add(s));
      if (path.includes('{')) expected.add('404');
      if (operation.requestBody) ['413', '415'].forEach((s) => expected.add(s));
      for (const status of expected) if (!operation.responses[status]) missing.push(`${name} ${status}`);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^4\d\d$/.test(status)) continue;
        const schema = response.content?.['application/problem+json']?.schema;
        if (schema?.$ref !== '#/components/schemas/Problem') missing.push(`${name} ${status} not a Problem`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('types every field: no bare object where a real type exists', () => {
    const bare: string[] = [];
    const walk = (schema: Schema | undefined, where: string) => {
      if (!schema || schema.$ref) return;
      if (schema.type === 'object' && !schema.properties && schema.additionalProperties === undefined && !schema.allOf && !schema.oneOf && !schema.anyOf) bare.push(where);
      for (const [name, property] of Object.entries(schema.properties ?? {})) walk(property, `${where}.${name}`);
      walk(schema.items, `${where}[]`);
      for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) walk(part, where);
    };
    for (const [name, schema] of Object.entries(document.components.schemas)) walk(schema, name);
    for (const { name, operation } of operations)
      for (const [status, response] of Object.entries(operation.responses)) for (const media of Object.values(response.content ?? {})) walk(media.schema, `${name} ${status}`);
    expect(bare).toEqual([]);
  });

  // Generating and compiling the client takes a minute on a loaded machine: a bound against a hang, not a speed check.
  it('generates a typed client that compiles, and that a caller is checked against', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pat-openapi-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
      await run(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), join(dir, 'openapi.json'), '-o', join(dir, 'api.d.ts')]);
      writeFileSync(
        join(dir, 'usage.ts'),
        [
          "import type { paths, components } from './api';",
          "type Report = paths['/api/v1/incidents']['post']['requestBody']['content']['application/json'];",
          "type Problem = components['schemas']['Problem'];",
          "const report: Pick<Report, 'processorId' | 'title'> = { processorId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', title: 'ransomware' };",
          "const problem: Problem = { type: '/problems/validation', title: 'Bad Request', status: 400, detail: 'Invalid request: title' };",
          "type Key = paths['/api/v1/api-keys']['post']['responses']['201']['content']['application/json'];",
          'const key = (issued: Key): string => issued.key;',
          "type Processors = paths['/api/v1/processors']['get']['responses']['200']['content']['application/json'];",
          'const names = (page: Processors): (string | null)[] => page.items.map((p) => p.kvkNumber);',
          'export { report, problem, key, names };',
        ].join('\n'),
      );
      // A caller that gets a field's type wrong must not compile: the client is typed, not `any`.
      writeFileSync(
        join(dir, 'misuse.ts'),
        "import type { components } from './api';\nexport const problem: components['schemas']['Problem'] = { type: '/problems/validation', title: 'x', status: '400', detail: 'x' };\n",
      );
      const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
      const compiled = await run(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'commonjs', join(dir, 'api.d.ts'), join(dir, 'usage.ts'), join(dir, 'misuse.ts')]).then(
        () => '',
        (error: unknown) => (error as { stdout?: string }).stdout ?? (error as Error).message,
      );
      const errors = compiled.split('\n').filter((line) => line.includes('error TS'));
      expect(errors).toEqual([expect.stringMatching(/misuse\.ts\(2,\d+\): error TS2322/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
