import { AgreementStatus } from './processing-agreement.entity';

/**
 * The one rule for an agreement's standing at an instant, with its SQL twin beside it
 * (agreement-status.e2e-spec proves the two agree on Postgres). Breach reports, retention,
 * sub-processor announcements, contract end, the certificate and every list filter use it.
 * It reads only the dates, so nothing has to run at midnight for a status to be right:
 *
 * - `scheduled`: before effectiveFrom;
 * - `active`: started, no notice given;
 * - `terminating`: started, notice given (terminatedAt), in force until the termination takes effect;
 * - `ended`: its endsAt passed, or its termination took effect.
 *
 * In force = started and not ended (active or terminating).
 */
export interface AgreementDates {
  effectiveFrom: Date;
  endsAt: Date | null;
  terminatedAt: Date | null;
  terminationEffectiveAt: Date | null;
}

const at = (instant: Date) => instant.getTime();

/** When it ends: its end date or the date its termination takes effect, whichever comes first; null while open-ended. */
export function endOfAgreement(a: Pick<AgreementDates, 'endsAt' | 'terminationEffectiveAt'>): Date | null {
  const ends = [a.endsAt, a.terminationEffectiveAt].filter((d): d is Date => d !== null);
  return ends.length ? new Date(Math.min(...ends.map(at))) : null;
}

/** Not ended at `instant`: before its end date and before its termination takes effect. */
export function notEndedAt(a: Pick<AgreementDates, 'endsAt' | 'terminationEffectiveAt'>, instant: Date): boolean {
  const end = endOfAgreement(a);
  return end === null || at(end) > at(instant);
}

/** Covers the data at `instant`: what a breach known at that instant is measured against. */
export function isInForceAt(a: Pick<AgreementDates, 'effectiveFrom' | 'endsAt' | 'terminationEffectiveAt'>, instant: Date): boolean {
  return at(a.effectiveFrom) <= at(instant) && notEndedAt(a, instant);
}

/** SQL twin of endOfAgreement (LEAST ignores a NULL; NULL when both are). */
export function endOfAgreementSql(alias: string): string {
  return `LEAST(${alias}.ends_at, ${alias}.termination_effective_at)`;
}

/** SQL twin of notEndedAt over alias `a` at the instant bound to `instant` (`:name` or `$n`). */
export function notEndedAtSql(alias: string, instant: string): string {
  return `((${alias}.ends_at IS NULL OR ${alias}.ends_at > ${instant}) AND (${alias}.termination_effective_at IS NULL OR ${alias}.termination_effective_at > ${instant}))`;
}

/** SQL twin of isInForceAt. */
export function inForceAtSql(alias: string, instant: string): string {
  return `(${alias}.effective_from <= ${instant} AND ${notEndedAtSql(alias, instant)})`;
}

/**
 * In force at some instant of the period [from, to) — what the Art. 30(2) record asks of a
 * past period. The first instant of the period it can be in force at is the later of `from`
 * and its start; it was in force during the period exactly when that instant lies in the
 * period and the agreement had not ended by then (an agreement that ended before it
 * started was never in force).
 */
export function isInForceDuring(a: Pick<AgreementDates, 'effectiveFrom' | 'endsAt' | 'terminationEffectiveAt'>, from: Date, to: Date): boolean {
  const first = new Date(Math.max(at(a.effectiveFrom), at(from)));
  return at(first) < at(to) && isInForceAt(a, first);
}

/** SQL twin of isInForceDuring, `from` and `to` bound as `:name` or `$n` (timestamptz). */
export function inForceDuringSql(alias: string, from: string, to: string): string {
  const first = `GREATEST(${alias}.effective_from, ${from})`;
  return `(${first} < ${to} AND ${notEndedAtSql(alias, first)})`;
}

/** The status at `now`: ended, else scheduled, else terminating once notice was given, else active. */
export function agreementStatusAt(a: AgreementDates, now: Date): AgreementStatus {
  if (!notEndedAt(a, now)) return 'ended';
  if (at(a.effectiveFrom) > at(now)) return 'scheduled';
  if (a.terminatedAt !== null && at(a.terminatedAt) <= at(now)) return 'terminating';
  return 'active';
}

/** SQL twin of agreementStatusAt: "has status X at the instant bound to `now`". */
export function statusAtSql(alias: string, status: AgreementStatus, now: string): string {
  const noticeGiven = `(${alias}.terminated_at IS NOT NULL AND ${alias}.terminated_at <= ${now})`;
  switch (status) {
    case 'scheduled':
      return `(${alias}.effective_from > ${now} AND ${notEndedAtSql(alias, now)})`;
    case 'active':
      return `(${inForceAtSql(alias, now)} AND NOT ${noticeGiven})`;
    case 'terminating':
      return `(${inForceAtSql(alias, now)} AND ${noticeGiven})`;
    case 'ended':
      return `(NOT ${notEndedAtSql(alias, now)})`;
  }
}

/** SQL: the controllers still clients at the instant bound to `instant` — an agreement with them has not ended (in force, or signed to start later). */
export function clientControllersSql(instant: string): string {
  return `SELECT a.controller_id FROM processing_agreements a WHERE ${notEndedAtSql('a', instant)}`;
}
