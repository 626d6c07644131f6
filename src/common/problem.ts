import { HttpException, HttpStatus, ValidationError } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem: `{type, title, status, detail, errors?}`. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export function problemBody(status: number, detail: string, errors?: FieldError[], type = 'about:blank'): ProblemBody {
  return { type, title: problemTitle(status), status, detail, ...(errors?.length ? { errors } : {}) };
}

/** A client mistake or a broken domain rule, with the fields it concerns. */
export class ProblemException extends HttpException {
  constructor(status: number, detail: string, errors?: FieldError[], type = 'about:blank') {
    super(problemBody(status, detail, errors, type), status);
  }

  get problem(): ProblemBody {
    return this.getResponse() as ProblemBody;
  }
}

export const forbidden = (detail: string) => new ProblemException(HttpStatus.FORBIDDEN, detail);

export const notFound = (what: string, id: string) => new ProblemException(HttpStatus.NOT_FOUND, `${what} ${id} does not exist`);

/** A reference in the body that points nowhere: the field is named, the status is 422. */
export const missingReference = (field: string, what: string, id: string) =>
  new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, `${what} ${id} does not exist`, [{ field, message: `${what} ${id} does not exist` }]);

/** A domain rule broken by an otherwise well-formed request. */
export const ruleBroken = (detail: string, field?: string) =>
  new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, detail, field ? [{ field, message: detail }] : undefined);

export const conflict = (detail: string, field?: string) =>
  new ProblemException(HttpStatus.CONFLICT, detail, field ? [{ field, message: detail }] : undefined);

/** Flattens class-validator's tree into `{field: "endOfContract.withinDays", message}` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

export function validationProblem(errors: ValidationError[]): ProblemException {
  const fieldErrors = flattenValidationErrors(errors);
  const fields = [...new Set(fieldErrors.map((e) => e.field))];
  return new ProblemException(HttpStatus.BAD_REQUEST, `Invalid request: ${fields.join(', ')}`, fieldErrors);
}
