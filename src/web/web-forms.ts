import { applyDecorators, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FormFields } from './web-context';

const FORM_TYPE = 'application/x-www-form-urlencoded';

/** The route config a dashboard form's POST carries, so the form parser knows it may answer. */
interface FormRouteConfig {
  webForm?: boolean;
}

/** A dashboard POST that takes an HTML form; every other route keeps refusing form bodies. */
export const FormPost = (path?: string) => applyDecorators(Post(path), RouteConfig({ webForm: true } satisfies FormRouteConfig));

/** Repeated fields become lists; the object has no prototype, so `__proto__` is only a name. */
export function parseForm(body: string): FormFields {
  const fields = Object.create(null) as FormFields;
  for (const [name, value] of new URLSearchParams(body)) {
    const before = fields[name];
    fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return fields;
}

/**
 * Form bodies are parsed for the dashboard's form routes only. Fastify's parsers are per
 * content type, not per route, so the parser asks the route; on any other route it answers
 * what Fastify answers for a type it has no parser for, and the API stays JSON-only.
 */
export function registerFormParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(FORM_TYPE, { parseAs: 'string' }, (request: FastifyRequest, body: string | Buffer, done: (error: Error | null, body?: unknown) => void) => {
    if ((request.routeOptions.config as FormRouteConfig | undefined)?.webForm !== true) {
      done(Object.assign(new Error(`Unsupported Media Type: ${FORM_TYPE}`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }));
      return;
    }
    done(null, parseForm(body.toString()));
  });
}
