import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import { flattenValidationErrors, ProblemException } from './problem';
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

describe('ProblemFilter.toProblem', () => {
  const filter = new ProblemFilter();

  it('keeps a ProblemException as it is', () => {
    const body = filter.toProblem(new ProblemException(422, 'lateReason is required', [{ field: 'lateReason', message: 'required' }]));
    expect(body).toEqual({ type: 'about:blank', title: 'Unprocessable Content', status: 422, detail: 'lateReason is required', errors: [{ field: 'lateReason', message: 'required' }] });
  });

  it("turns Nest's exceptions into problems", () => {
    expect(filter.toProblem(new NotFoundException('Cannot GET /nope'))).toMatchObject({ status: 404, detail: 'Cannot GET /nope' });
    expect(filter.toProblem(new BadRequestException('Validation failed (uuid is expected)'))).toMatchObject({ status: 400 });
  });

  it('maps Postgres constraint violations to 4xx naming the fields of the key', () => {
    const unique = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('dup'), { code: '23505', constraint: 'UQ_invoice_controller_number', detail: 'Key (controller_id, number)=(6f1c2f4e-0000-4000-8000-000000000001, F-1) already exists.' }),
    );
    expect(filter.toProblem(unique)).toMatchObject({ status: 409, errors: [{ field: 'controllerId' }, { field: 'number' }] });
    const fk = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('fk'), { code: '23503', constraint: 'FK_processing_agreement_controller_id', detail: 'Key (controller_id)=(6f1c2f4e-0000-4000-8000-000000000001) is not present in table "data_controllers".' }),
    );
    expect(filter.toProblem(fk)).toMatchObject({ status: 422, errors: [{ field: 'controllerId' }] });
  });

  it('never passes on the failing row of a CHECK violation', () => {
    const check = new QueryFailedError('INSERT', [], Object.assign(new Error('chk'), { code: '23514', constraint: 'CHK_contact_x', detail: 'Failing row contains (1, Jan Jansen, jan@example.nl).' }));
    const body = filter.toProblem(check);
    expect(body.status).toBe(422);
    expect(JSON.stringify(body)).not.toContain('Jansen');
  });

  it("turns Fastify's body errors into 4xx", () => {
    expect(filter.toProblem(Object.assign(new Error('too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }))).toMatchObject({ status: 413 });
    expect(filter.toProblem(Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400 }))).toMatchObject({ status: 400 });
  });

  it('hides the details of an unexpected error', () => {
    const body = filter.toProblem(new Error('connection string postgres://secret'));
    expect(body.status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});
