import { EntityManager } from 'typeorm';
import { RetentionAnchor } from './retention-period';
import { SweepTarget } from './retention-categories';

/**
 * Incident reports keep the breach register's facts (Art. 33(5) GDPR) but hold personal
 * data too — the reporter, free-text descriptions. The default policy anonymises them
 * five years after the breach became known: the AP can fine for five years after a
 * violation (Art. 5:45 Awb), and the register must let it check compliance until then.
 */
export const INCIDENT_TARGET_INFO: { anchorField: string; anchors: readonly RetentionAnchor[]; minimumPeriod?: SweepTarget['minimumPeriod'] } = {
  anchorField: 'awareAt',
  anchors: ['event_day'],
};

/**
 * The incident register is built in src/incidents alongside this module. Until its
 * table exists the sweep reports the category as skipped instead of guessing columns.
 */
export async function resolveIncidentTarget(manager: EntityManager): Promise<SweepTarget | { skipped: string }> {
  const [{ exists }] = (await manager.query(`SELECT to_regclass('public.incidents') IS NOT NULL AS exists`)) as { exists: boolean }[];
  if (!exists) return { skipped: 'the incidents table does not exist yet' };
  return { skipped: 'the incident register has no retention mapping yet' };
}
