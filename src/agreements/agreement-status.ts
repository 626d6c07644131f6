import { AgreementStatus } from './processing-agreement.entity';

/**
 * The one rule for an agreement's standing at an instant, with its SQL twin beside it
 * (agreement-status.e2e-spec proves the two agree on Postgres). Breach reports, retention,
 * sub-processor announcements, contract end, the certificate and every list filter use it.
 *
 * - in force: started (effectiveFrom reached) and not ended;
 * - ended: its end date passed, or its termination took effect (or it was recorded ended).
 * The stored status only moves on a write; readers derive the current one, so nothing has
 * to run at midnight for it to be right.
 */
export interface AgreementDates {
  status: AgreementStatus;
  effectiveFrom: Date;
  endsAt: Date | null;
  terminationEffectiveAt: Date | null;
}

const at = (instant: Date) => instant.getTime();

/** When it ends: its end date or the date its termination takes effect, whichever comes first; null while open-ended. */
export function endOfAgreement(a: Pick<AgreementDates, 'endsAt' | 'terminationEffectiveAt'>): Date | null {
  const ends = [a.endsAt, a.terminationEffectiveAt].filter((d): d is Date => d !== null);
  return ends.length ? new Date(Math.min(...ends.map(at))) : null;
}

/** Not ended at `instant`: before its end date and before its termination takes effect. */
export function notEndedAt(a: AgreementDates, instant: Date): boolean {
  const end = endOfAgreement(a);
  return a.status !== 'ended' && (end === null || at(end) > at(instant));
}

/** Covers the data at `instant`: what a breach known at that instant is measured against. */
export function isInForceAt(a: AgreementDates, instant: Date): boolean {
  return at(a.effectiveFrom) <= at(instant) && notEndedAt(a, instant);
}

/** SQL twin of notEndedAt over alias `a` at the instant bound to `instant` (`:name` or `$n`). */
export function notEndedAtSql(alias: string, instant: string): string {
  return `(${alias}.status <> 'ended' AND (${alias}.ends_at IS NULL OR ${alias}.ends_at > ${instant}) AND (${alias}.termination_effective_at IS NULL OR ${alias}.termination_effective_at > ${instant}))`;
}

/** SQL twin of isInForceAt. */
export function inForceAtSql(alias: string, instant: string): string {
  return `(${alias}.effective_from <= ${instant} AND ${notEndedAtSql(alias, instant)})`;
}

/** An agreement signed for a later date is `scheduled` until effectiveFrom. */
export function initialAgreementStatus(effectiveFrom: Date, now: Date): 'scheduled' | 'active' {
  return at(effectiveFrom) > at(now) ? 'scheduled' : 'active';
}

/**
 * The status as it is at `now`: a terminated agreement stays `terminated` (its
 * termination's date says when it takes effect); otherwise one past its end date is
 * `ended`, one not yet started `scheduled`, the rest `active`.
 */
export function agreementStatusAt(a: AgreementDates, now: Date): AgreementStatus {
  if (a.status === 'terminated' || a.status === 'ended') return a.status;
  if (!notEndedAt(a, now)) return 'ended';
  return initialAgreementStatus(a.effectiveFrom, now);
}

/** SQL twin of agreementStatusAt: "has status X at the instant bound to `now`". */
export function statusAtSql(alias: string, status: AgreementStatus, now: string): string {
  const live = `${alias}.status IN ('active', 'scheduled')`;
  switch (status) {
    case 'scheduled':
      return `(${live} AND ${alias}.effective_from > ${now} AND ${notEndedAtSql(alias, now)})`;
    case 'active':
      return `(${live} AND ${alias}.effective_from <= ${now} AND ${notEndedAtSql(alias, now)})`;
    case 'ended':
      return `(${alias}.status = 'ended' OR (${live} AND NOT ${notEndedAtSql(alias, now)}))`;
    case 'terminated':
      return `${alias}.status = 'terminated'`;
  }
}

/** SQL: the controllers still clients at the instant bound to `instant` — an agreement with them has not ended (in force, or signed to start later). */
export function clientControllersSql(instant: string): string {
  return `SELECT a.controller_id FROM processing_agreements a WHERE ${notEndedAtSql('a', instant)}`;
}
