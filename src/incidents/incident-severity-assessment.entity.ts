import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RiskLevel } from './incident.entity';
import type { SeverityAssessment, SeverityFacts, SeverityLevel } from './severity-assessment';

/**
 * One assessment of a breach's severity: the facts as the officer gave them and the answer
 * they produced then. Versions count up per incident; the highest is the latest.
 */
@Entity('incident_severity_assessments')
export class IncidentSeverityAssessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  facts: SeverityFacts;

  @Column({ type: 'jsonb' })
  assessment: SeverityAssessment;

  @Column({ type: 'text' })
  severityLevel: SeverityLevel;

  /** The risk the recommendation points to; the officer's decision is the incident's riskLevel. */
  @Column({ type: 'text' })
  riskLevel: RiskLevel;

  @Column({ type: 'boolean' })
  notifyAuthority: boolean;

  @Column({ type: 'boolean' })
  informDataSubjects: boolean;

  @Column({ type: 'text' })
  actorId: string;

  @Column({ type: 'text' })
  actorName: string;

  @Column({ type: 'timestamptz', precision: 3 })
  assessedAt: Date;
}
