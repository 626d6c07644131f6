import { IncidentSeverityAssessment } from './incident-severity-assessment.entity';

/** An assessment as the API shows it: the facts given, the severity with its terms, the recommendation and what is missing. */
export function toSeverityAssessmentView(a: IncidentSeverityAssessment) {
  return {
    id: a.id,
    version: a.version,
    assessedAt: a.assessedAt.toISOString(),
    assessedBy: a.actorName,
    facts: a.facts,
    ...a.assessment,
  };
}

export type SeverityAssessmentView = ReturnType<typeof toSeverityAssessmentView>;
