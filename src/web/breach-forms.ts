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
