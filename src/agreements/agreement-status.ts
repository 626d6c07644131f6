import { AgreementStatus } from './processing-agreement.entity';

/**
 * An agreement signed for a later date is `scheduled` until effectiveFrom, then in force.
 * The stored status only moves on a write; readers derive the current one with
 * `agreementStatusAt`, so nothing has to run at midnight for it to be right.
 */
export function initialAgreementStatus(effectiveFrom: Date, now: Date): 'scheduled' | 'active' {
  return effectiveFrom.getTime() > now.getTime() ? 'scheduled' : 'active';
}

/** The status as it is at `now`; terminated and ended agreements stay as recorded. */
export function agreementStatusAt(stored: AgreementStatus, effectiveFrom: Date, now: Date): AgreementStatus {
  return stored === 'scheduled' || stored === 'active' ? initialAgreementStatus(effectiveFrom, now) : stored;
}

/** SQL for "has status X now", the counterpart of agreementStatusAt for list filters. Parameter: :now. */
export function statusAtSql(alias: string, status: AgreementStatus): string {
  switch (status) {
    case 'active':
      return `(${alias}.status IN ('active', 'scheduled') AND ${alias}.effective_from <= :now)`;
    case 'scheduled':
      return `(${alias}.status IN ('active', 'scheduled') AND ${alias}.effective_from > :now)`;
    default:
      return `${alias}.status = '${status}'`;
  }
}

/**
 * SQL for "in force at the instant :<param>": started, and not (yet) ended by its end
 * date or a termination. A breach is measured against the agreement that covered the data when
 * the organisation became aware, whatever the stored status says now. Parameter: :<param>.
 */
export function inForceAtSql(alias: string, param: string): string {
  return `(${alias}.status <> 'ended' AND ${alias}.effective_from <= :${param} AND (${alias}.ends_at IS NULL OR ${alias}.ends_at > :${param}) AND (${alias}.termination_effective_at IS NULL OR ${alias}.termination_effective_at > :${param}))`;
}
