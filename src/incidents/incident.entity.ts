import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, ValueTransformer } from 'typeorm';

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

/** What happened to the data, as the AP's form asks it (lezen, kopiëren, veranderen, verwijderen of vernietigen, diefstal). */
export const DATA_OPERATIONS = ['reading', 'copying', 'altering', 'deleting_or_destroying', 'theft'] as const;
export type DataOperation = (typeof DATA_OPERATIONS)[number];

/** The type of incident (soort incident) in the AP's terms. */
export const BREACH_CAUSES = ['hacking', 'malware', 'phishing', 'lost_or_stolen_device', 'lost_or_stolen_paper', 'misdirected_email', 'misdirected_post', 'disclosed_by_mistake', 'other'] as const;
export type BreachCause = (typeof BREACH_CAUSES)[number];

/** The AP's list of kinds of personal data (soort persoonsgegevens); `dataCategories` keeps the organisation's own words beside it. */
export const PERSONAL_DATA_KINDS = [
  'name',
  'address',
  'phone',
  'email',
  'access_or_identification',
  'financial',
  'bsn',
  'identity_document_copy',
  'sex_birthdate_age',
  'special_categories',
  'criminal',
  'other',
] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** Recital 85: the damage a breach may do to people. */
export const EXPECTED_HARMS = ['physical', 'material', 'non_material'] as const;
export type ExpectedHarm = (typeof EXPECTED_HARMS)[number];

/** A count the form asks as minimum–maximum. */
export interface CountRange {
  min: number;
  max: number;
}

/** jsonb gives keys back in its own order; a range reads the same however it was stored. */
const COUNT_RANGE: ValueTransformer = {
  to: (value: CountRange | null | undefined) => value,
  from: (value: CountRange | null) => (value ? { min: value.min, max: value.max } : null),
};

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

  /** The form's minimum–maximum; approxDataSubjects stays the single estimate and lies within it when both are known. */
  @Column({ type: 'jsonb', nullable: true, transformer: COUNT_RANGE })
  dataSubjectsRange: CountRange | null;

  @Column({ type: 'jsonb', nullable: true, transformer: COUNT_RANGE })
  recordsRange: CountRange | null;

  @Column({ type: 'text', array: true, nullable: true })
  dataOperations: DataOperation[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  causes: BreachCause[] | null;

  /** How the breach was found (ontdekking): a log alert, a client's call, the sub-processor's notice. */
  @Column({ type: 'text', nullable: true })
  detection: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  personalDataKinds: PersonalDataKind[] | null;

  /** Groups of people affected (customers, employees, pupils…); vulnerable ones are a severity fact. */
  @Column({ type: 'text', array: true, nullable: true })
  dataSubjectGroups: string[] | null;

  @Column({ type: 'boolean', nullable: true })
  dataEncrypted: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  crossBorder: boolean | null;

  /** ISO 3166-1 alpha-2 codes of the other countries where affected people live. */
  @Column({ type: 'text', array: true, nullable: true })
  crossBorderCountries: string[] | null;

  /** Other supervisory authorities or bodies told (another EU authority, the police, a sector regulator); empty: none. */
  @Column({ type: 'text', array: true, nullable: true })
  otherAuthoritiesNotified: string[] | null;

  @Column({ type: 'text', nullable: true })
  likelyConsequences: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  expectedHarm: ExpectedHarm[] | null;

  @Column({ type: 'text', nullable: true })
  measuresTaken: string | null;

  @Column({ type: 'text', nullable: true })
  measuresPlanned: string | null;

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
  reporterPhone: string | null;

  /** The reporter's job title (functie), as the form asks it. */
  @Column({ type: 'text', nullable: true })
  reporterFunction: string | null;

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
