import { HttpException, ValidationError } from '@nestjs/common';

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

/**
 * Every kind of problem this API answers, each with a stable `type` a client can branch on
 * (the README's Errors table says when each occurs and what a client should do). A status
 * alone does not tell a client what to do: a 422 may mean a dangling id, a broken rule or
 * a missed deadline.
 */
export const PROBLEM_TYPES = {
  validation: { status: 400, meaning: 'a field is missing, unknown, or of the wrong type, format or range; errors[] names the fields' },
  'malformed-json': { status: 400, meaning: 'the body could not be parsed: not JSON, truncated, or empty though declared as JSON' },
  unauthorized: { status: 401, meaning: 'no API key, or one that is unknown or revoked' },
  forbidden: { status: 403, meaning: "the key's role, or the processor a reporter key is bound to, does not allow this" },
  'not-found': { status: 404, meaning: 'the route, or a record named in the path, does not exist' },
  conflict: { status: 409, meaning: "the record's current state, or a record already holding the same unique value, rules the request out" },
  gone: { status: 410, meaning: 'the record existed, but its content was erased under a retention policy' },
  'payload-too-large': { status: 413, meaning: 'the body is larger than this service accepts (BODY_LIMIT_BYTES)' },
  'unsupported-media-type': { status: 415, meaning: 'the body has a content type this service does not parse' },
  'missing-reference': { status: 422, meaning: 'an id in the body points to no record; errors[] names the field' },
  'rule-broken': { status: 422, meaning: 'a well-formed request breaks a rule of the domain; errors[] names the field when one is to blame' },
  'deadline-passed': { status: 422, meaning: 'a notification or confirmation dated after its due instant comes without a lateReason' },
  internal: { status: 500, meaning: 'an unexpected failure; its details are in the log, never in the answer' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ProblemKind = keyof typeof PROBLEM_TYPES;

/**
 * A full-path relative reference, which RFC 9457 (3.1.1) allows: it resolves to the same
 * type from every route, and the service knows no public origin of its own to make it
 * absolute. Clients may compare the string as it is. Nothing is served at these paths;
 * the README documents them.
 */
export const problemType = (kind: ProblemKind): string => `/problems/${kind}`;

/** The kind an error that carries only a status stands for in this API. */
const KIND_OF_STATUS: Partial<Record<number, ProblemKind>> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  410: 'gone',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'rule-broken',
  500: 'internal',
};

/** `about:blank` is RFC 9457's "nothing beyond the status", true of any status the service never raises itself. */
function problemTypeOfStatus(status: number): string {
  const kind = KIND_OF_STATUS[status];
  return kind ? problemType(kind) : 'about:blank';
}

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

export function problemBody(status: number, detail: string, errors?: FieldError[], kind?: ProblemKind): ProblemBody {
  const type = kind ? problemType(kind) : problemTypeOfStatus(status);
  return { type, title: problemTitle(status), status, detail, ...(errors?.length ? { errors } : {}) };
}

/** A client mistake or a broken domain rule, with the fields it concerns. */
export class ProblemException extends HttpException {
  constructor(status: number, detail: string, errors?: FieldError[], kind?: ProblemKind) {
    super(problemBody(status, detail, errors, kind), status);
  }

  get problem(): ProblemBody {
    return this.getResponse() as ProblemBody;
  }
}

const problemOf = (kind: ProblemKind, detail: string, errors?: FieldError[]) => new ProblemException(PROBLEM_TYPES[kind].status, detail, errors, kind);

export const forbidden = (detail: string) => problemOf('forbidden', detail);

export const notFound = (what: string, id: string) => problemOf('not-found', `${what} ${id} does not exist`);

/** A reference in the body that points nowhere: the field is named, the status is 422. */
export const missingReference = (field: string, what: string, id: string) => problemOf('missing-reference', `${what} ${id} does not exist`, [{ field, message: `${what} ${id} does not exist` }]);

/** A domain rule broken by an otherwise well-formed request. */
export const ruleBroken = (detail: string, field?: string) => problemOf('rule-broken', detail, field ? [{ field, message: detail }] : undefined);

/** Its own kind, as the client's remedy is always the same: resend with a lateReason. */
export const deadlinePassed = (detail: string) => problemOf('deadline-passed', detail, [{ field: 'lateReason', message: detail }]);

export const conflict = (detail: string, field?: string) => problemOf('conflict', detail, field ? [{ field, message: detail }] : undefined);

/** Flattens class-validator's tree into `{field: "endOfContract.withinDays", message}` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

/** A 400 naming each field that is missing, unknown or malformed. */
export function invalidFields(fieldErrors: FieldError[]): ProblemException {
  const fields = [...new Set(fieldErrors.map((e) => e.field))];
  return problemOf('validation', `Invalid request: ${fields.join(', ')}`, fieldErrors);
}

export function validationProblem(errors: ValidationError[]): ProblemException {
  return invalidFields(flattenValidationErrors(errors));
}
