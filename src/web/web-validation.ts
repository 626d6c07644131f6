import { HttpException, Type } from '@nestjs/common';
import type { FieldError, ProblemBody } from '../common/problem';
import { createValidationPipe } from '../common/validation.pipe';
import type { FormFields } from './web-context';

const pipe = createValidationPipe();

/** A plain object checked and transformed exactly as the API checks the same DTO in a body or query; a failure throws the API's problem. */
export async function validateAs<T>(dto: Type<T>, plain: Record<string, unknown>, type: 'body' | 'query' = 'body'): Promise<T> {
  return (await pipe.transform(plain, { type, metatype: dto })) as T;
}

/** What a form shows again after a refusal: what was typed, and each message by its field (or for the whole form). */
export interface FormState {
  values: FormFields;
  errors: FieldError[];
}

/** A client mistake the API would answer with a 4xx becomes the form's messages; anything else is not the person's to fix. */
export function refusal(error: unknown, values: FormFields): { status: number; state: FormState } | null {
  if (!(error instanceof HttpException) || error.getStatus() >= 500) return null;
  const response = error.getResponse();
  const problem = typeof response === 'object' && response !== null && 'detail' in response ? (response as ProblemBody) : null;
  const errors = problem?.errors?.length ? problem.errors : [{ field: '', message: problem?.detail ?? error.message }];
  return { status: error.getStatus(), state: { values, errors } };
}

/** The named fields a form sent, as one value each; an empty field is left out, as a client would leave it out of JSON. */
export function pickFields(form: FormFields, names: readonly string[]): Record<string, string | string[]> {
  const picked: Record<string, string | string[]> = {};
  for (const name of names) {
    const value = form[name];
    if (value === undefined || value === '') continue;
    picked[name] = typeof value === 'string' ? value.replace(/\r\n/g, '\n') : value;
  }
  return picked;
}
