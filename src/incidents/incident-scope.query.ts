import { EntityManager } from 'typeorm';
import { inForceAtSql } from '../agreements/agreement-status';
import { ruleBroken } from '../common/problem';
import { usedAtSql } from '../sub-processors/sub-processor-links';
import { AffectedScopeDto } from './dto/report-incident.dto';
import { AffectedScope } from './incident.entity';
import { Inclusion } from './incident-controller.entity';

export type ScopeKind = Exclude<Inclusion, 'listed'>;

/** The rule each scope was resolved by, kept with the incident in the words it had then. */
export const SCOPE_RULES: Record<ScopeKind, string> = {
  sub_processor: 'every controller with an agreement in force at awareAt that used the sub-processor then under an authorised link (pending, objected, rejected and ended links do not count)',
  data_stores: 'every controller with an agreement in force at awareAt that has one of the data stores',
  all_controllers_of_processor: 'every controller with an agreement in force at awareAt with the processor',
};

export interface AskedScope {
  kind: ScopeKind;
  stored: AffectedScope;
}

/** Exactly one kind of scope, and one that names something: an empty one is a mistake, not "nobody". */
export function askedScope(dto: AffectedScopeDto): AskedScope {
  const given: ScopeKind[] = [
    ...(dto.subProcessorId ? (['sub_processor'] as const) : []),
    ...(dto.dataStoreIds?.length ? (['data_stores'] as const) : []),
    ...(dto.allControllersOfProcessor ? (['all_controllers_of_processor'] as const) : []),
  ];
  if (given.length !== 1) {
    throw ruleBroken(
      given.length
        ? `affectedScope names one of subProcessorId, dataStoreIds or allControllersOfProcessor, not ${given.join(' and ')}`
        : 'affectedScope names a subProcessorId, at least one of dataStoreIds, or allControllersOfProcessor: true',
      'affectedScope',
    );
  }
  const [kind] = given;
  const rule = SCOPE_RULES[kind];
  if (kind === 'sub_processor') return { kind, stored: { subProcessorId: dto.subProcessorId!, rule } };
  if (kind === 'data_stores') return { kind, stored: { dataStoreIds: dto.dataStoreIds!, rule } };
  return { kind, stored: { allControllersOfProcessor: true, rule } };
}

/** A controller the scope reached, with the strictest of its agreements in force at awareAt: the one that sets its clock. */
export interface ScopedController {
  controllerId: string;
  agreementId: string;
  breachNotificationHours: number;
}

/**
 * Resolves a scope in one statement: the controllers whose agreement with the processor in
 * force at awareAt the scope touches, each with its strictest agreement in force then (the
 * clock rule's first case, so every one of them is `agreement_in_force`).
 */
export async function resolveScope(manager: EntityManager, processorId: string, awareAt: Date, scope: AskedScope): Promise<ScopedController[]> {
  const touches: Record<ScopeKind, string> = {
    sub_processor: `EXISTS (SELECT 1 FROM sub_processor_agreements l WHERE l.agreement_id = a.id AND l.sub_processor_id = $3::uuid AND ${usedAtSql('l', '$2')})`,
    data_stores: `EXISTS (SELECT 1 FROM agreement_data_stores s WHERE s.agreement_id = a.id AND s.id = ANY($3::uuid[]))`,
    all_controllers_of_processor: `$3::text IS NULL`,
  };
  const argument = 'subProcessorId' in scope.stored ? scope.stored.subProcessorId : 'dataStoreIds' in scope.stored ? scope.stored.dataStoreIds : null;
  return manager.query<ScopedController[]>(
    `WITH scoped AS (
       SELECT DISTINCT a.controller_id FROM processing_agreements a
        WHERE a.processor_id = $1 AND ${inForceAtSql('a', '$2')} AND ${touches[scope.kind]})
     SELECT DISTINCT ON (a.controller_id) a.controller_id AS "controllerId", a.id AS "agreementId", a.breach_notification_hours AS "breachNotificationHours"
       FROM processing_agreements a JOIN scoped USING (controller_id)
      WHERE a.processor_id = $1 AND ${inForceAtSql('a', '$2')}
      ORDER BY a.controller_id, a.breach_notification_hours, a.id`,
    [processorId, awareAt.toISOString(), argument],
  );
}

/** The named data stores and the processor each belongs to (through its agreement); an unknown id is missing from the answer. */
export async function dataStoreOwners(manager: EntityManager, dataStoreIds: string[]): Promise<Map<string, string>> {
  const rows = await manager.query<{ id: string; processor_id: string }[]>(
    `SELECT s.id, a.processor_id FROM agreement_data_stores s JOIN processing_agreements a ON a.id = s.agreement_id WHERE s.id = ANY($1::uuid[])`,
    [dataStoreIds],
  );
  return new Map(rows.map((r) => [r.id, r.processor_id]));
}
