import { ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryFailedError } from 'typeorm';
import {
  conflict,
  deadlinePassed,
  flattenValidationErrors,
  forbidden,
  missingReference,
  notFound,
  PROBLEM_TYPES,
  ProblemException,
  ProblemKind,
  problemType,
  ruleBroken,
  validationProblem,
} from './problem';
import { ProblemFilter } from './problem.filter';

describe('flattenValidationErrors', () => {
  it('names nested and array fields with a path', () => {
    const nested = Object.assign(new ValidationError(), { property: 'withinDays', constraints: { min: 'withinDays must not be less than 0' } });
    const parent = Object.assign(new ValidationError(), { property: 'endOfContract', children: [nested] });
    const item = Object.assign(new ValidationError(), { property: '0', children: [Object.assign(new ValidationError(), { property: 'url', constraints: { isUrl: 'url must be a URL' } })] });
    const list = Object.assign(new ValidationError(), { property: 'dataStores', children: [item] });
    expect(flattenValidationErrors([parent, list])).toEqual([
      { field: 'endOfContract.withinDays', message: 'withinDays must not be less than 0' },
      { field: 'dataStores[0].url', message: 'url must be a URL' },
    ]);
  });
});

describe('problem types', () => {
  const kinds = Object.keys(PROBLEM_TYPES) as ProblemKind[];

  it.each([
    ['forbidden', forbidden('a reporter key may only report for its own processor')],
    ['not-found', notFound('incident', 'x')],
    ['missing-reference', missingReference('processorId', 'processor', 'x')],
    ['rule-broken', ruleBroken('endsAt must lie after effectiveFrom', 'endsAt')],
    ['conflict', conflict('the incident is closed')],
    ['deadline-passed', deadlinePassed('the deadline has passed: give a lateReason')],
    ['validation', validationProblem([Object.assign(new ValidationError(), { property: 'role', constraints: { isIn: 'role must be one of' } })])],
  ] as [ProblemKind, ProblemException][])('%s has its own type and the status it is documented with', (kind, exception) => {
    expect(exception.problem).toMatchObject({ type: `/problems/${kind}`, status: PROBLEM_TYPES[kind].status });
    expect(exception.getStatus()).toBe(PROBLEM_TYPES[kind].status);
  });

  it('names lateReason when a deadline has passed', () => {
    expect(deadlinePassed('the deadline has passed: give a lateReason').problem).toEqual({
      type: '/problems/deadline-passed',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'the deadline has passed: give a lateReason',
      errors: [{ field: 'lateReason', message: 'the deadline has passed: give a lateReason' }],
    });
  });

  it('types a problem raised by its status alone, and leaves a status the service never raises about:blank', () => {
    expect(new ProblemException(401, 'The API key is unknown or revoked').problem.type).toBe('/problems/unauthorized');
    expect(new ProblemException(400, 'cursor is not a cursor this service issued').problem.type).toBe('/problems/validation');
    expect(new ProblemException(410, 'the export was purged').problem.type).toBe('/problems/gone');
    expect(new ProblemException(422, 'no active processor agreement').problem.type).toBe('/problems/rule-broken');
    expect(new ProblemException(429, 'slow down').problem.type).toBe('about:blank');
  });

  it('are documented, each of them, in the README', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    for (const kind of kinds) expect(readme).toContain(`| \`${problemType(kind)}\` | ${PROBLEM_TYPES[kind].status} |`);
  });
});

describe('ProblemFilter.toProblem', () => {
  const filter = new ProblemFilter();

  it('keeps a ProblemException as it is', () => {
    const body = filter.toProblem(new ProblemException(422, 'lateReason is required', [{ field: 'lateReason', message: 'required' }]));
    expect(body).toEqual({ type: '/problems/rule-broken', title: 'Unprocessable Content', status: 422, detail: 'lateReason is required', errors: [{ field: 'lateReason', message: 'required' }] });
  });

  it("turns Nest's exceptions into problems", () => {
    expect(filter.toProblem(new NotFoundException('Cannot GET /nope'))).toMatchObject({ type: '/problems/not-found', status: 404, detail: 'Cannot GET /nope' });
    expect(filter.toProblem(new BadRequestException('Validation failed (uuid is expected)'))).toMatchObject({ type: '/problems/validation', status: 400 });
  });

  it('maps Postgres constraint violations to 4xx naming the fields of the key', () => {
    const unique = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('dup'), { code: '23505', constraint: 'UQ_invoice_controller_number', detail: 'Key (controller_id, number)=(6f1c2f4e-0000-4000-8000-000000000001, F-1) already exists.' }),
    );
    expect(filter.toProblem(unique)).toMatchObject({ type: '/problems/conflict', status: 409, errors: [{ field: 'controllerId' }, { field: 'number' }] });
    const fk = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('fk'), {
        code: '23503',
        constraint: 'FK_processing_agreement_controller_id',
        detail: 'Key (controller_id)=(6f1c2f4e-0000-4000-8000-000000000001) is not present in table "data_controllers".',
      }),
    );
    expect(filter.toProblem(fk)).toMatchObject({ type: '/problems/missing-reference', status: 422, errors: [{ field: 'controllerId' }] });
  });

  it('never passes on the failing row of a CHECK violation', () => {
    const check = new QueryFailedError('INSERT', [], Object.assign(new Error('chk'), { code: '23514', constraint: 'CHK_contact_x', detail: 'Failing row contains (1, Jan Jansen, jan@example.nl).' }));
    const body = filter.toProblem(check);
    expect(body.status).toBe(422);
    expect(body.type).toBe('/problems/rule-broken');
    expect(JSON.stringify(body)).not.toContain('Jansen');
  });

  it("turns Fastify's body errors into 4xx", () => {
    expect(filter.toProblem(Object.assign(new Error('too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }))).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    expect(filter.toProblem(Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400 }))).toMatchObject({ type: '/problems/malformed-json', status: 400 });
  });

  it("types Fastify's body errors as Nest hands them on, without their code", () => {
    expect(filter.toProblem(new HttpException("Body is not valid JSON but content-type is set to 'application/json'", 400))).toMatchObject({ type: '/problems/malformed-json', status: 400 });
    expect(filter.toProblem(new HttpException('Unsupported Media Type', 415))).toMatchObject({ type: '/problems/unsupported-media-type', status: 415 });
    expect(filter.toProblem(new HttpException('Request body is too large', 413))).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
  });

  it('hides the details of an unexpected error', () => {
    const body = filter.toProblem(new Error('connection string postgres://secret'));
    expect(body.status).toBe(500);
    expect(body.type).toBe('/problems/internal');
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});

describe('ProblemFilter.catch', () => {
  it('logs an unexpected error with the request it failed, without its headers or query string', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const sent: { status?: number; body?: unknown } = {};
      const reply = {
        status: (status: number) => ((sent.status = status), reply),
        header: () => reply,
        send: (body: unknown) => (sent.body = body),
      };
      const request = { id: 'req-7', method: 'GET', url: '/api/v1/processors/x?token=cal_secret', ip: '127.0.0.1', headers: { authorization: 'Bearer pat_secret' } };
      const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }) } as unknown as ArgumentsHost;
      const error = new Error('boom');
      new ProblemFilter().catch(error, host);

      expect(sent.status).toBe(500);
      expect(logged).toHaveBeenCalledWith({ err: error, req: { id: 'req-7', method: 'GET', path: '/api/v1/processors/x', remoteAddress: '127.0.0.1' } });
      expect(JSON.stringify(logged.mock.calls)).not.toContain('pat_secret');
      expect(JSON.stringify(logged.mock.calls)).not.toContain('cal_secret');
    } finally {
      logged.mockRestore();
    }
  });
});
