import { EntityManager } from 'typeorm';
import { IncidentSeverityAssessment } from './incident-severity-assessment.entity';

/** The incident's latest severity assessment, the one a decision is measured against; null before the first. */
export function latestSeverityAssessment(manager: EntityManager, incidentId: string): Promise<IncidentSeverityAssessment | null> {
  return manager.findOne(IncidentSeverityAssessment, { where: { incidentId }, order: { version: 'DESC' } });
}
