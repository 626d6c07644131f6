import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor';
import { lockAgainstNewHolds } from './legal-holds.service';
import { RetentionPolicy } from './retention-policy.entity';
import { RetentionRun } from './retention-run.entity';
import { actionCountKey, RetentionTargets } from './retention-target';
import { held, LedgerValues, withLedgerRow } from './retention-sweep.service';

const ON_REQUEST_LEDGER_VALUES: LedgerValues = { cutoff: '$2', erasedAt: '$2', runId: '$3', category: '$4', policyId: '$5', policyPeriod: '$6', policyAnchor: '$7', action: '$8' };

export type ErasureOnRequest = { erased: true; ledgerEntryId: string; runId: string } | { erased: false; reason: 'held' | 'gone' };

/**
 * Erases one record before its term because its data subject asked (Art. 17 GDPR), the way
 * a sweep erases: in the caller's transaction, under the same lock a new hold takes, never
 * a record a legal hold covers, with the audit payloads about it and an erasure-ledger
 * entry (under a retention run of its own, trigger `erasure_request`) that proves it
 * without keeping what was erased. Deletes where the category offers it, else anonymises.
 */
@Injectable()
export class RetentionErasure {
  constructor(private readonly targets: RetentionTargets) {}

  async eraseOnRequest(manager: EntityManager, category: string, recordId: string, actor: Actor, now: Date): Promise<ErasureOnRequest> {
    const target = this.targets.get(category);
    const action = target.actions.includes('delete') ? 'delete' : 'anonymize';
    await lockAgainstNewHolds(manager);
    const [found] = await manager.query<{ held: boolean }[]>(`SELECT ${held(target)} AS held FROM ${target.table} x WHERE x.id = $1 AND ${target.personal} FOR UPDATE OF x`, [recordId]);
    if (!found) return { erased: false, reason: 'gone' };
    if (found.held) return { erased: false, reason: 'held' };
    const policy = await manager.findOneByOrFail(RetentionPolicy, { category });
    const run = await manager.save(
      manager.create(RetentionRun, {
        dryRun: false,
        trigger: 'erasure_request',
        status: 'completed',
        schedulerJobId: null,
        requestedById: actor.id,
        requestedByName: actor.name,
        requestedByRole: actor.role,
        startedAt: now,
        finishedAt: now,
        counts: { [category]: { due: 1, held: 0, [actionCountKey(action)]: 1 } },
        error: null,
      }),
    );
    const erase =
      action === 'delete' ? `DELETE FROM ${target.table} x WHERE x.id = $1 RETURNING x.id` : `UPDATE ${target.table} x SET ${target.anonymize}, updated_at = now() WHERE x.id = $1 RETURNING x.id`;
    // The sweep's ledger statement, with the erasure instant as the cut-off: the record's term was cut short at it.
    const [entry] = await manager.query<{ id: string }[]>(withLedgerRow(target, `erased AS (${erase})`, 'SELECT id::text FROM erased', ON_REQUEST_LEDGER_VALUES, 'id'), [
      recordId,
      now,
      run.id,
      category,
      policy.id,
      policy.period,
      policy.anchor,
      action,
    ]);
    return { erased: true, ledgerEntryId: String(entry.id), runId: run.id };
  }
}
