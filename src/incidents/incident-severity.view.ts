import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiText, ApiTexts } from '../common/api-docs.decorator';
import { IncidentSeverityAssessment } from './incident-severity-assessment.entity';
import type { SeverityAssessment, SeverityFact, SeverityFacts } from './severity-assessment';

// The ENISA terms nest deep and change with the method; the document names their parts, a client reads them as a map.
const open = (description: string) => ApiProperty({ type: 'object', additionalProperties: true, description });

/** An assessment as the API shows it: the facts given, the severity with its terms, the recommendation and what is missing. */
export class SeverityAssessmentView {
  @ApiId() id: string;
  @ApiProperty({ type: 'integer', description: 'counts up per breach; the highest is the latest' }) version: number;
  @ApiInstant() assessedAt: string;
  @ApiText() assessedBy: string;
  @open('the facts as the officer gave them; null and absent both mean unknown') facts: SeverityFacts;
  @open('SE = DPC × EI + CB: score, level (low, medium, high, very_high), meaning and the terms') severity: SeverityAssessment['severity'];
  @open('riskLevel, notifyAuthority and informDataSubjects (recommended, reasons), documentOnly, provisional') recommendation: SeverityAssessment['recommendation'];
  @ApiTexts({ description: 'facts that matter for this breach and are still unknown, in the order of the form' }) missing: SeverityFact[];
}

export function toSeverityAssessmentView(a: IncidentSeverityAssessment): SeverityAssessmentView {
  return {
    id: a.id,
    version: a.version,
    assessedAt: a.assessedAt.toISOString(),
    assessedBy: a.actorName,
    facts: a.facts,
    ...a.assessment,
  };
}
