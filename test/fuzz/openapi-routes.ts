import type { TestApp } from '../utils/test-app';

/** The part of an OpenAPI 3 schema the fuzzer reads. */
export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}

export interface Route {
  method: Method;
  /** The OpenAPI template, `/api/v1/incidents/{id}/deadlines/{deadlineId}/cancel`. */
  path: string;
  parameters: Parameter[];
  body?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method | 'parameters', Operation>>>;
  components?: { schemas?: Record<string, Schema> };
}

export const WRITE_METHODS: readonly Method[] = ['post', 'put', 'patch', 'delete'];

/**
 * The routes of the API as the app documents them at /docs-json: the same document
 * SwaggerModule builds in bootstrap.ts, so a new route is fuzzed the day it is added.
 */
export class ApiDocument {
  private constructor(
    readonly routes: Route[],
    private readonly schemas: Record<string, Schema>,
  ) {}

  static async load(t: TestApp): Promise<ApiDocument> {
    const res = await t.as('').get('/docs-json');
    if (res.status !== 200) throw new Error(`GET /docs-json answered ${res.status}`);
    const doc = res.body as OpenApiDocument;
    const routes: Route[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of ['get', ...WRITE_METHODS] as Method[]) {
        const operation = operations[method];
        if (!operation) continue;
        routes.push({ method, path, parameters: operation.parameters ?? [], body: operation.requestBody?.content?.['application/json']?.schema });
      }
    }
    return new ApiDocument(routes, doc.components?.schemas ?? {});
  }

  /** A schema with its `$ref` and single-member `allOf` (how Nest wraps a described nested DTO) followed. */
  resolve(schema: Schema | undefined): Schema | undefined {
    let current = schema;
    for (let hops = 0; current && hops < 10; hops += 1) {
      if (current.$ref) current = this.schemas[current.$ref.replace('#/components/schemas/', '')];
      else if (current.allOf?.length === 1) current = current.allOf[0];
      else return current;
    }
    return current;
  }
}

export const pathParameters = (route: Route) => route.parameters.filter((p) => p.in === 'path').map((p) => p.name);
export const queryParameters = (route: Route) => route.parameters.filter((p) => p.in === 'query');
export const headerParameters = (route: Route) => route.parameters.filter((p) => p.in === 'header');

/** `GET /api/v1/processors/{id}`: how routes are named in messages. */
export const routeName = (route: Route) => `${route.method.toUpperCase()} ${route.path}`;

/** The template with each `{param}` replaced, as given: the caller encodes what needs encoding. */
export function fillPath(route: Route, values: Record<string, string>): string {
  return route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${routeName(route)}`);
    return value;
  });
}
