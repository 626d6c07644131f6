import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { PROBLEM_CONTENT_TYPE, ProblemBody, problemBody } from './problem';

interface PgError {
  code?: string;
  detail?: string;
}

/** Fastify's own errors (body parsing, size limits) carry a status and an FST_ code. */
interface FastifyError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * One error shape for every failure: application/problem+json. Client mistakes become
 * 4xx with the field named; anything unexpected is a 500 whose details stay in the log.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) this.logger.error({ err: exception, req: requestInLog(http.getRequest<FastifyRequest>()) });
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  toProblem(exception: unknown): ProblemBody {
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (exception instanceof EntityNotFoundError) return problemBody(HttpStatus.NOT_FOUND, 'The requested resource does not exist');
    if (exception instanceof QueryFailedError) {
      const fromDb = fromPostgres(exception.driverError as PgError);
      if (fromDb) return fromDb;
    }
    const fastify = exception as FastifyError;
    if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
      return problemBody(fastify.statusCode, fastifyDetail(fastify), undefined, fastify.statusCode === (HttpStatus.BAD_REQUEST as number) ? 'malformed-json' : undefined);
    }
    return problemBody(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred; it has been logged');
  }
}

/**
 * Which request failed, named in the error's own log line: requests carry no logger of their
 * own (that cost a child logger and an async context per request; see bench/README.md, "Reads").
 * No headers and no query (a feed token travels in one), so no key can reach the log.
 */
function requestInLog(request: FastifyRequest) {
  return { id: request.id, method: request.method, path: request.url.split('?')[0], remoteAddress: request.ip };
}

function fromHttpException(exception: HttpException): ProblemBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'object' && response !== null && 'type' in response && 'detail' in response) return response as ProblemBody;
  const message = typeof response === 'string' ? response : (response as { message?: string | string[] }).message;
  return problemBody(status, Array.isArray(message) ? message.join('; ') : (message ?? exception.message), undefined, isUnparsableBody(exception) ? 'malformed-json' : undefined);
}

/**
 * Nest hands Fastify's own errors to filters as a bare `HttpException(message, statusCode)`,
 * dropping the FST_ code; the only such 400s are the body parser's (invalid or empty JSON,
 * a body shorter than its Content-Length).
 */
function isUnparsableBody(exception: HttpException): boolean {
  return exception.constructor === HttpException && exception.getStatus() === (HttpStatus.BAD_REQUEST as number) && typeof exception.getResponse() === 'string';
}

/**
 * Fastify answers a path it cannot route — not percent-encoded UTF-8, or a parameter over
 * its length limit — before Nest sees the request, so these reach Fastify's
 * `frameworkErrors` hook rather than the filter; they get the same shape.
 */
export function routingProblem(error: FastifyError): ProblemBody {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return problemBody(HttpStatus.BAD_REQUEST, 'The path is not valid percent-encoded UTF-8', [{ field: 'path', message: 'not valid percent-encoded UTF-8' }]);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problemBody(HttpStatus.BAD_REQUEST, 'A path parameter is longer than any id this service issues', [{ field: 'path', message: 'a parameter is too long' }]);
    default:
      return problemBody(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred; it has been logged');
  }
}

function fastifyDetail(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this service accepts';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send the body as application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty but declared as JSON';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    default:
      return error.statusCode === 400 ? `Malformed request body: ${error.message ?? 'could not be parsed'}` : (error.message ?? 'Request refused');
  }
}

/**
 * A constraint the service's own checks did not catch first (two requests racing). The
 * fields come from Postgres' "Key (controller_id, number)=…" detail; the detail itself is
 * not passed on, as for a CHECK it holds the whole failing row.
 */
function fromPostgres(error: PgError): ProblemBody | undefined {
  const errors = keyFields(error.detail).map((field) => ({ field, message: error.code === '23503' ? 'refers to a record that does not exist' : 'already in use' }));
  switch (error.code) {
    case '23505':
      return problemBody(HttpStatus.CONFLICT, 'A record with these values already exists', errors);
    case '23503':
      return problemBody(HttpStatus.UNPROCESSABLE_ENTITY, 'The request refers to a record that does not exist, or the record is still referred to', errors, 'missing-reference');
    case '23514':
      return problemBody(HttpStatus.UNPROCESSABLE_ENTITY, 'The request breaks a rule of the record');
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return problemBody(HttpStatus.BAD_REQUEST, 'A value in the request has the wrong format or range');
    default:
      return undefined;
  }
}

function keyFields(detail: string | undefined): string[] {
  const columns = detail ? /^Key \(([^)]+)\)=/.exec(detail)?.[1] : undefined;
  return columns ? columns.split(',').map((column) => column.trim().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())) : [];
}
