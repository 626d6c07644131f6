import { DateTime, Duration } from 'luxon';
import { INCIDENT_TARGET } from './incident-retention';
import { RetentionAnchor } from './retention-period';

export const RETENTION_CATEGORIES = ['invoice', 'contact', 'incident', 'data_export', 'webhook_delivery', 'email_message', 'idempotency_key'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

export const RETENTION_ACTIONS = ['delete', 'anonymize'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

/** The counts key for an action: `deleted` or `anonymized`. */
export const actionCountKey = (action: RetentionAction) => (action === 'delete' ? 'deleted' : 'anonymized');

/**
 * What the sweep needs to know of a category's table. Conditions are SQL over the record
 * alias `x`; `$1` is the cut-off and `$2` the run's "now".
 */
export interface SweepTarget {
  category: RetentionCategory;
  table: string;
  /** The record's date the period is counted from, as the API names it and as the column. */
  anchorField: string;
  dateColumn: string;
  anchors: readonly RetentionAnchor[];
  actions: readonly RetentionAction[];
  /** SQL: the record still holds its personal data (not anonymised yet). */
  personal: string;
  /** A legal minimum the officer cannot shorten (Art. 52(4) AWR for invoices). */
  minimumPeriod?: { period: string; reason: string };
  /** SQL: record `x` belongs to one of the controllers the given subquery yields. */
  ofControllers: (controllerIds: string) => string;
  /** SET list blanking the personal fields and keeping the rest; `$2` is the run's "now". For categories that offer anonymize. */
  anonymize?: string;
  /** SQL: kept whatever its age (the contact person of a live client). */
  keptWhile?: string;
}

/**
 * An agreement is live from its start until its end or the date its termination takes
 * effect. While a controller has one, its contact persons stay: the processor must be
 * able to tell them of a breach without undue delay (Art. 33(2) GDPR). Written as an
 * uncorrelated IN so Postgres hashes the few live controllers once per statement.
 */
const CONTROLLER_HAS_LIVE_AGREEMENT = `x.controller_id IN (
  SELECT a.controller_id FROM processing_agreements a
  WHERE (a.status IN ('scheduled', 'active') AND (a.ends_at IS NULL OR a.ends_at > $2))
     OR (a.status = 'terminated' AND a.termination_effective_at > $2))`;

const ownController = (controllerIds: string) => `x.controller_id IN (${controllerIds})`;

export const SWEEP_TARGETS: Record<RetentionCategory, SweepTarget> = {
  invoice: {
    category: 'invoice',
    table: 'invoices',
    anchorField: 'issuedAt',
    dateColumn: 'issued_at',
    // The fiscal 7 years run from the close of the year; counted from the day of issue they would end up to a year early.
    anchors: ['end_of_financial_year'],
    actions: ['delete', 'anonymize'],
    personal: 'x.anonymized_at IS NULL',
    minimumPeriod: { period: 'P7Y', reason: 'invoices must be kept at least 7 years (Art. 52(4) AWR)' },
    ofControllers: ownController,
    anonymize: 'billing_name = NULL, billing_address = NULL, billing_email = NULL, anonymized_at = $2',
  },
  contact: {
    category: 'contact',
    table: 'contacts',
    anchorField: 'lastActivityAt',
    dateColumn: 'last_activity_at',
    anchors: ['event_day'],
    actions: ['delete', 'anonymize'],
    personal: 'x.anonymized_at IS NULL',
    ofControllers: ownController,
    anonymize: 'name = NULL, email = NULL, phone = NULL, anonymized_at = $2',
    keptWhile: CONTROLLER_HAS_LIVE_AGREEMENT,
  },
  incident: INCIDENT_TARGET,
  // The copy handed back at contract end: its content goes, the proof of the hand-over stays.
  data_export: {
    category: 'data_export',
    table: 'data_exports',
    anchorField: 'createdAt',
    dateColumn: 'created_at',
    anchors: ['event_day'],
    actions: ['anonymize'],
    personal: 'x.content_purged_at IS NULL',
    ofControllers: ownController,
    anonymize: "content = ''::bytea, content_purged_at = $2",
  },
  // The service's own working copies. Only settled ones go: a pending delivery is still to be made.
  webhook_delivery: {
    category: 'webhook_delivery',
    table: 'webhook_deliveries',
    anchorField: 'createdAt',
    dateColumn: 'created_at',
    anchors: ['event_day'],
    actions: ['delete'],
    personal: "x.status <> 'pending'",
    // Deadline and deletion events name their controller, incident events a list of them; a
    // hold on any of them keeps the delivery. Events naming none must compare false, not
    // NULL: NOT NULL would keep them out of every sweep.
    ofControllers: (controllerIds) => `(
      coalesce((x.body::jsonb -> 'data' ->> 'controllerId')::uuid IN (${controllerIds}), false)
      OR coalesce((x.body::jsonb -> 'data' -> 'controllerIds') ?| ARRAY(SELECT held.id::text FROM (${controllerIds}) AS held(id)), false))`,
  },
  email_message: {
    category: 'email_message',
    table: 'email_messages',
    anchorField: 'createdAt',
    dateColumn: 'created_at',
    anchors: ['event_day'],
    actions: ['delete'],
    personal: "x.status <> 'pending'",
    ofControllers: () => 'false',
  },
  idempotency_key: {
    category: 'idempotency_key',
    table: 'idempotency_keys',
    anchorField: 'createdAt',
    dateColumn: 'created_at',
    anchors: ['event_day'],
    actions: ['delete'],
    personal: 'x.response_status IS NOT NULL',
    ofControllers: () => 'false',
  },
};

/** Whether `period` is shorter than `minimum` for any start date (month lengths and leap years differ). */
export function isShorterThan(period: string, minimum: string): boolean {
  const p = Duration.fromISO(period);
  const m = Duration.fromISO(minimum);
  for (let year = 2020; year < 2028; year++) {
    for (const [month, day] of [[1, 1], [1, 31], [2, 28], [12, 31]]) {
      const start = DateTime.fromObject({ year, month, day }, { zone: 'UTC' });
      if (start.plus(p) < start.plus(m)) return true;
    }
  }
  return false;
}
