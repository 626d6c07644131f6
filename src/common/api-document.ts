import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, ProblemKind, problemTitle, problemType } from './problem';

export const PROBLEM_SCHEMA = 'Problem';

/** The statuses a route can answer with a problem. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422;

/** What each status means in this API, from the problem types that answer with it. */
function meaningOf(status: ProblemStatus): string {
  const kinds = (Object.keys(PROBLEM_TYPES) as ProblemKind[]).filter((kind) => PROBLEM_TYPES[kind].status === status);
  return `${problemTitle(status)}: ${kinds.map((kind) => `${PROBLEM_TYPES[kind].meaning} (\`${problemType(kind)}\`)`).join('; or ')}`;
}

export function problemResponse(status: ProblemStatus): ResponseObject {
  return { description: meaningOf(status), content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } } };
}

/** The one shape every error shares, with its `type`s. */
function problemSchema() {
  const kinds = Object.keys(PROBLEM_TYPES) as ProblemKind[];
  return {
    type: 'object' as const,
    description: 'Every error, as application/problem+json (RFC 9457).',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: {
        type: 'string' as const,
        enum: [...kinds.map(problemType), 'about:blank'],
        description: kinds
          .map((kind) => `- \`${problemType(kind)}\` (${PROBLEM_TYPES[kind].status}): ${PROBLEM_TYPES[kind].meaning}`)
          .concat('- `about:blank`: nothing beyond the status')
          .join('\n'),
      },
      title: { type: 'string' as const },
      status: { type: 'integer' as const },
      detail: { type: 'string' as const },
      errors: {
        type: 'array' as const,
        items: { type: 'object' as const, required: ['field', 'message'], properties: { field: { type: 'string' as const }, message: { type: 'string' as const } } },
      },
    },
  };
}

/**
 * The problems every route answers by its shape, so none can be forgotten: 400 for
 * parameters or a body, 401 and 403 behind a key, 404 for an id in the path, 413 and 415
 * for a body. What a route adds of its own domain (409, 422) it declares with @ApiProblems.
 */
function problemsByShape(path: string, operation: OperationObject): ProblemStatus[] {
  const statuses: ProblemStatus[] = [];
  if (operation.parameters?.length || operation.requestBody) statuses.push(400);
  if (operation.security?.length) statuses.push(401, 403);
  if (path.includes('{')) statuses.push(404);
  if (operation.requestBody) statuses.push(413, 415);
  return statuses;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Adds the Problem schema and each route's problem responses to the document SwaggerModule built. */
export function completeApiDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, [PROBLEM_SCHEMA]: problemSchema() } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      for (const status of problemsByShape(path, operation)) operation.responses[status] ??= problemResponse(status);
    }
  }
  return document;
}
