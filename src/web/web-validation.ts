import { HttpException, Type, ValidationError } from '@nestjs/common';
import type { Language } from '../common/language';
import { flattenValidationErrors, FieldError, ProblemBody, ProblemException, validationProblem } from '../common/problem';
import { createValidationPipe } from '../common/validation.pipe';
import type { FormFields } from './web-context';
import { DUTCH_CONSTRAINTS, FIELD_TEXTS } from './web-texts';

/** The API's validation problem, with class-validator's findings kept by constraint so a form can word them for its reader. */
class FieldsRefused extends ProblemException {
  constructor(readonly findings: ValidationError[]) {
    const { detail, errors } = validationProblem(findings).problem;
    super(400, detail, errors, 'validation');
  }
}

const pipe = createValidationPipe((findings) => new FieldsRefused(findings));

/** A plain object checked and transformed exactly as the API checks the same DTO in a body or query; a failure throws the API's problem. */
export async function validateAs<T>(dto: Type<T>, plain: Record<string, unknown>, type: 'body' | 'query' = 'body'): Promise<T> {
  return (await pipe.transform(plain, { type, metatype: dto })) as T;
}

/** What a form shows again after a refusal: what was typed, and each message by its field (or for the whole form). */
export interface FormState {
  values: FormFields;
  errors: FieldError[];
}

const DUTCH_NUMBER = new Intl.NumberFormat('nl-NL');

/** The constraint's number (a length, a bound, a count) as the English message states it, after the property's own name. */
function numberIn(message: string, property: string): string {
  const found = /-?\d+(?:\.\d+)?/.exec(message.replace(property, ''));
  return found ? DUTCH_NUMBER.format(Number(found[0])) : '';
}

function inDutch(finding: ValidationError): ValidationError {
  const constraints = finding.constraints
    ? Object.fromEntries(Object.entries(finding.constraints).map(([name, message]) => [name, DUTCH_CONSTRAINTS[name]?.(numberIn(message, finding.property)) ?? message]))
    : undefined;
  return { ...finding, constraints, children: finding.children?.map(inDutch) };
}

const isEmpty = (value: FormFields[string]) => value === undefined || value === '' || (Array.isArray(value) && value.every((v) => v === ''));

/**
 * The findings as a form shows them: in the page's language, one message per field (the
 * first constraint it broke, as a type before a range), and for a field left empty only
 * that it must be filled in. Fields are the DTO's paths, which the forms use as their names.
 */
function fieldMessages(findings: ValidationError[], values: FormFields, lang: Language): FieldError[] {
  const byField = new Map<string, string>();
  for (const { field, message } of flattenValidationErrors(lang === 'nl' ? findings.map(inDutch) : findings)) {
    if (!byField.has(field)) byField.set(field, isEmpty(values[field]) ? FIELD_TEXTS[lang].required : message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

/** A client mistake the API would answer with a 4xx becomes the form's messages; anything else is not the person's to fix. */
export function refusal(error: unknown, values: FormFields, lang: Language): { status: number; state: FormState } | null {
  if (!(error instanceof HttpException) || error.getStatus() >= 500) return null;
  if (error instanceof FieldsRefused) return { status: error.getStatus(), state: { values, errors: fieldMessages(error.findings, values, lang) } };
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
