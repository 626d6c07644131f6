import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const INCIDENT_ROLES = ['processor', 'controller'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export const INCIDENT_STATUSES = ['open', 'notified', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const BREACH_NATURES = ['confidentiality', 'integrity', 'availability'] as const;
export type BreachNature = (typeof BREACH_NATURES)[number];

export const RISK_LEVELS = ['none', 'risk', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Art. 34(3): why data subjects need not be told of a high-risk breach. */
export const DATA_SUBJECT_EXEMPTIONS = ['encrypted', 'mitigated', 'disproportionate_effort'] as const;
export type DataSubjectExemption = (typeof DATA_SUBJECT_EXEMPTIONS)[number];

/** What a report named instead of, or beside, a list of controllers; `rule` says how it was resolved, as it read then. */
export type AffectedScope = ({ subProcessorId: string } | { dataStoreIds: string[] } | { allControllersOfProcessor: true }) & { rule: string };

/**
 * A personal data breach (datalek). `role` says whose duty the clocks are: `processor`
 * for data processed for controllers (tell each controller), `controller` for the
 * organisation's own data (tell the AP, and data subjects when the risk is high).
 */
@Entity('incidents')
export class Incident {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  processorId: string;

  /** The breach happened at this sub-processor; awareAt is then when it told the processor. */
  @Column({ type: 'uuid', nullable: true })
  subProcessorId: string | null;

  @Column({ type: 'text' })
  role: IncidentRole;

  @Column({ type: 'text', default: 'open' })
  status: IncidentStatus;

  @Column({ type: 'text' })
  title: string;

  /** Facts a first report may leave out (Art. 33(4)): null until an update brings them. */
  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** When the organisation became aware: every breach clock starts here. */
  @Column({ type: 'timestamptz' })
  awareAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  occurredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'text', array: true, nullable: true })
  nature: BreachNature[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  dataCategories: string[] | null;

  /** Bijzondere persoonsgegevens (Art. 9/10). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  specialCategories: string[];

  @Column({ type: 'int', nullable: true })
  approxDataSubjects: number | null;

  @Column({ type: 'int', nullable: true })
  approxRecords: number | null;

  @Column({ type: 'boolean', nullable: true })
  dataEncrypted: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  crossBorder: boolean | null;

  @Column({ type: 'text', nullable: true })
  likelyConsequences: string | null;

  @Column({ type: 'text', nullable: true })
  measuresTaken: string | null;

  /** Resolved once, at report time: later changes to agreements or links do not move the set. */
  @Column({ type: 'jsonb', nullable: true })
  affectedScope: AffectedScope | null;

  /** How many controllers the scope resolved to (those also listed included). */
  @Column({ type: 'int', nullable: true })
  affectedScopeCount: number | null;

  @Column({ type: 'text' })
  reporterName: string;

  @Column({ type: 'text' })
  reporterEmail: string;

  @Column({ type: 'text', nullable: true })
  riskLevel: RiskLevel | null;

  @Column({ type: 'text', nullable: true })
  riskReasoning: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  riskAssessedAt: Date | null;

  /** Art. 33(5): why the AP was not notified (risk level none). */
  @Column({ type: 'text', nullable: true })
  noAuthorityNotificationReason: string | null;

  @Column({ type: 'text', nullable: true })
  dataSubjectExemption: DataSubjectExemption | null;

  @Column({ type: 'text', nullable: true })
  dataSubjectExemptionJustification: string | null;

  /** Why the riskLevel departs from the latest severity assessment's recommendation (see severity-assessment.ts). */
  @Column({ type: 'text', nullable: true })
  departureReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  closingNote: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
