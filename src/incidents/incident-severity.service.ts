import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../audit/unit-of-work';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { conflict, notFound } from '../common/problem';
import { SeverityAssessmentDto } from './dto/severity-assessment.dto';
import { Incident } from './incident.entity';
import { IncidentLifecycleService } from './incident-lifecycle.service';
import { IncidentSeverityAssessment } from './incident-severity-assessment.entity';
import { latestSeverityAssessment } from './incident-severity.query';
import { SeverityAssessmentView, toSeverityAssessmentView } from './incident-severity.view';
import { assessSeverity, SeverityFacts } from './severity-assessment';

/** The facts as given, unknown ones left out, so the stored facts read as the officer's answers and nothing else. */
function givenFacts(dto: SeverityAssessmentDto): SeverityFacts {
  const facts = JSON.parse(JSON.stringify(dto)) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== null));
}

/**
 * Records the facts of a breach's severity and answers what they point to. Each PUT adds
 * a version: the history is the evidence of what was known when the officer decided.
 */
@Injectable()
export class IncidentSeverityService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly lifecycle: IncidentLifecycleService,
  ) {}

  async assess(actor: Actor, id: string, dto: SeverityAssessmentDto): Promise<SeverityAssessmentView> {
    const facts = givenFacts(dto);
    // Contradictory facts are refused before anything is written.
    const assessment = assessSeverity(facts);
    return this.unitOfWork.run(actor, async (change) => {
      const { manager } = change;
      // Locked, so two assessments of one breach cannot take the same version.
      const incident = await manager.findOne(Incident, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!incident) throw notFound('incident', id);
      if (incident.status === 'closed') throw conflict('the incident is closed');
      const version = ((await latestSeverityAssessment(manager, id))?.version ?? 0) + 1;
      const { recommendation, severity } = assessment;
      const row = await manager.save(
        manager.create(IncidentSeverityAssessment, {
          incidentId: id,
          version,
          facts,
          assessment,
          severityLevel: severity.level,
          riskLevel: recommendation.riskLevel,
          notifyAuthority: recommendation.notifyAuthority.recommended,
          informDataSubjects: recommendation.informDataSubjects.recommended,
          actorId: actor.id,
          actorName: actor.name,
          assessedAt: this.clock.now(),
        }),
      );
      const summary = {
        assessmentId: row.id,
        version,
        score: severity.score,
        severityLevel: severity.level,
        riskLevel: recommendation.riskLevel,
        notifyAuthority: recommendation.notifyAuthority.recommended,
        informDataSubjects: recommendation.informDataSubjects.recommended,
        provisional: recommendation.provisional,
        missing: assessment.missing,
      };
      await this.lifecycle.addToTimeline(manager, actor, id, 'severity_assessment', null, summary);
      change.audit({ action: 'incident.severity_assessed', entityType: 'incident', entityId: id, after: { ...summary, facts } });
      return toSeverityAssessmentView(row);
    });
  }
}
