import type { FormFields } from './web-context';
import { fromLocalInput, startOfDay } from './web-format';
import { pickFields } from './web-validation';

/**
 * The breach forms as the API's bodies: the same fields by the same names, empty ones
 * left out, and the datetime-local a browser sends read as Amsterdam time. The API's DTOs
 * then judge them as they judge any client's JSON.
 */
export const UPDATE_FIELDS = ['note', 'measuresTaken', 'likelyConsequences', 'measuresPlanned'] as const;
export const NOTIFICATION_FIELDS = ['kind', 'controllerId', 'notifiedAt', 'phase', 'channel', 'reference', 'message', 'lateReason'] as const;
export const RISK_FIELDS = ['riskLevel', 'reasoning', 'noAuthorityNotificationReason', 'departureReason'] as const;

export function updateBody(form: FormFields): Record<string, unknown> {
  return pickFields(form, UPDATE_FIELDS);
}

export function notificationBody(form: FormFields): Record<string, unknown> {
  const body: Record<string, unknown> = pickFields(form, NOTIFICATION_FIELDS);
  if (typeof body.notifiedAt === 'string') body.notifiedAt = fromLocalInput(body.notifiedAt);
  return body;
}

export function riskDecisionBody(form: FormFields): Record<string, unknown> {
  return pickFields(form, RISK_FIELDS);
}

/**
 * The report form's fields, named by their path in the API's body (`reporter.email`), so a
 * refusal's field is the control to show it beside.
 */
export const REPORT_FIELDS = [
  'processorId',
  'role',
  'title',
  'awareAt',
  'affectedControllerIds',
  'affectedScope.allControllersOfProcessor',
  'affectedScope.subProcessorId',
  'subProcessorId',
  'reporter.name',
  'reporter.email',
  'reporter.phone',
  'reporter.function',
  'description',
  'occurredAt',
  'nature',
  'personalDataKinds',
  'dataCategories',
  'specialCategories',
  'approxDataSubjects',
  'approxRecords',
  'dataEncrypted',
  'likelyConsequences',
  'measuresTaken',
] as const;

/** Checkboxes: one ticked arrives as a single value, yet the API takes a list. */
const CHOSEN_LISTS = new Set(['affectedControllerIds', 'nature', 'personalDataKinds']);
/** A textarea with one entry per line. */
const LINE_LISTS = new Set(['dataCategories', 'specialCategories']);
const INSTANTS = new Set(['awareAt', 'occurredAt']);
const COUNTS = new Set(['approxDataSubjects', 'approxRecords']);
const YES_NO = new Set(['dataEncrypted', 'affectedScope.allControllersOfProcessor']);

function reportValue(name: string, value: string | string[]): unknown {
  if (CHOSEN_LISTS.has(name)) return [value].flat();
  if (typeof value !== 'string') return value;
  if (LINE_LISTS.has(name))
    return value
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  if (INSTANTS.has(name)) return fromLocalInput(value);
  if (COUNTS.has(name) && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  if (YES_NO.has(name) && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * The report form as the API's body: dotted names nested, each value as JSON would carry it
 * (a count as a number, a ticked box as a list), anything that does not read as its kind
 * handed on as typed for the DTO to refuse. `reporter` is always there, so a missing name is
 * refused at `reporter.name`, beside its field.
 */
export function reportBody(form: FormFields): Record<string, unknown> {
  const body: Record<string, unknown> = { reporter: {} };
  for (const [name, value] of Object.entries(pickFields(form, REPORT_FIELDS))) {
    const [head, tail] = name.split('.');
    const converted = reportValue(name, value);
    if (tail === undefined) body[head] = converted;
    else body[head] = { ...(body[head] as Record<string, unknown> | undefined), [tail]: converted };
  }
  return body;
}

export const REGISTER_FILTERS = ['status', 'riskLevel', 'role', 'from', 'to', 'cursor', 'limit'] as const;

/**
 * The register's filter form as the API's list query: a day picked in the form is an
 * Amsterdam calendar day, so "from" is its first instant and "to" (inclusive) the first
 * instant of the next day. `lang` is the page's own and stays out.
 */
export function registerQuery(query: FormFields): Record<string, unknown> {
  const picked: Record<string, unknown> = pickFields(query, REGISTER_FILTERS);
  if (typeof picked.from === 'string') picked.from = startOfDay(picked.from, 0);
  if (typeof picked.to === 'string') picked.to = startOfDay(picked.to, 1);
  return picked;
}
