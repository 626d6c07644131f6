import { ruleBroken } from '../common/problem';
import { isLate } from '../deadlines/deadline-plan';
import type { Deadline } from '../deadlines/deadline.entity';
import type { CountRange, Incident } from './incident.entity';
import type { IncidentNotification } from './incident-notification.entity';
import type { SeverityFacts } from './severity-assessment';

/*
 * The AP's breach form (meldformulier datalekken), answered from the register. The form
 * is built once in language-neutral answers (codes, instants, numbers; null where the
 * record does not know yet), which is also what is kept when the AP is notified; the
 * texts turn it into Dutch or English. Nothing internal (ids, createdAt) goes in.
 */

export const REPORT_TYPES = ['new', 'follow_up', 'withdrawal'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export type CodeSet = 'reportType' | 'organisationRole' | 'dataOperation' | 'cause' | 'personalDataKind' | 'harm' | 'informing' | 'notInformedBecause';

export interface DraftParty {
  name: string;
  country: string;
  kvkNumber: string | null;
  /** What the party is to the breach: the processor, a sub-processor (with its service), or left out for the notifying organisation. */
  role?: 'processor' | 'sub_processor';
  service?: string;
}

/**
 * One answer of the form. `v: null` is not known yet: the draft says "volgt" (Art. 33(4));
 * an empty list is the answer "none"; `not_applicable` is a question this breach does not raise.
 */
export type Answer =
  | { t: 'text'; v: string | null }
  | { t: 'texts'; v: string[] | null }
  | { t: 'code'; set: CodeSet; v: string | null }
  | { t: 'codes'; set: CodeSet; v: string[] | null }
  | { t: 'instant'; v: string | null }
  | { t: 'yesNo'; v: boolean | null }
  | { t: 'count'; v: CountRange | { approx: number } | null }
  | { t: 'parties'; v: DraftParty[] | null }
  | { t: 'reason'; set: CodeSet; code: string; v: string | null }
  | { t: 'not_applicable' };

/** The form's sections in its order, each with its questions in order. */
export const FORM_SECTIONS = {
  organisation: ['role', 'organisations'],
  reporter: ['name', 'function', 'phone', 'email'],
  contact: ['name', 'email', 'isDpo'],
  otherOrganisations: ['involved'],
  timeline: ['startedAt', 'endedAt', 'ongoing', 'discoveredAt', 'lateReason'],
  summary: ['title', 'description'],
  nature: ['whatHappened'],
  incidentType: ['causes', 'detection'],
  personalData: ['kinds', 'categories', 'specialCategories'],
  numbers: ['records', 'people'],
  people: ['groups', 'vulnerableGroups'],
  unintelligible: ['encryptedOrHashed', 'unintelligible'],
  consequences: ['confidentiality', 'integrity', 'availability', 'expectedHarm', 'description'],
  informingPeople: ['informing', 'informedAt', 'channel', 'message', 'plannedBy', 'notInformedBecause'],
  measures: ['taken', 'planned'],
  crossBorder: ['otherCountries', 'countries', 'otherAuthorities'],
} as const;

export type FormSection = keyof typeof FORM_SECTIONS;
export type AuthorityForm = { [S in FormSection]: Record<(typeof FORM_SECTIONS)[S][number], Answer> };

export const REPORT_TYPE_FIELDS = ['type', 'previousNotifiedAt', 'previousReference', 'withdrawalReason'] as const;
export type ReportTypeSection = Record<(typeof REPORT_TYPE_FIELDS)[number], Answer>;

/** Sections that name people: never kept with a notification, so never part of a follow-up. */
export const PERSONAL_SECTIONS: readonly FormSection[] = ['reporter', 'contact'];

/** What a withdrawal carries besides its own section: who withdraws it. */
const WITHDRAWAL_SECTIONS: readonly FormSection[] = ['organisation', 'reporter', 'contact'];

export interface FormContext {
  incident: Incident;
  /** The organisation the service is run for: the notifying party for its own data, the processor otherwise. */
  processor: DraftParty & { dpoName: string | null; dpoEmail: string | null };
  subProcessor: { name: string; service: string; country: string } | null;
  /** The affected controllers: each notifies the AP itself when the breach is a processor-role one. */
  controllers: DraftParty[];
  deadlines: Deadline[];
  notifications: IncidentNotification[];
  /** The latest severity assessment's facts: the one place for what it already asks. */
  severity: SeverityFacts | null;
  now: Date;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const text = (v: string | null | undefined): Answer => ({ t: 'text', v: v?.trim() ? v : null });
const NA: Answer = { t: 'not_applicable' };

function people(incident: Incident, severity: SeverityFacts | null): Answer {
  const range = incident.dataSubjectsRange ?? severity?.approxDataSubjects ?? null;
  if (range) return { t: 'count', v: { min: range.min, max: range.max } };
  return { t: 'count', v: incident.approxDataSubjects === null ? null : { approx: incident.approxDataSubjects } };
}

function records(incident: Incident): Answer {
  if (incident.recordsRange) return { t: 'count', v: { min: incident.recordsRange.min, max: incident.recordsRange.max } };
  return { t: 'count', v: incident.approxRecords === null ? null : { approx: incident.approxRecords } };
}

/** Art. 33(1): a notification after 72 hours gives the reasons, which the recorded notification holds. */
function lateReason(ctx: FormContext): Answer {
  const deadline = ctx.deadlines.find((d) => d.kind === 'authority_notification' && d.status !== 'cancelled');
  if (!deadline) return NA;
  const notified = ctx.notifications.find((n) => n.kind === 'authority_notification' && n.phase === 'initial');
  if (notified) return notified.lateReason ? text(notified.lateReason) : NA;
  return isLate(ctx.now, deadline.dueAt) ? text(null) : NA;
}

/** Whether the people were told (Art. 34), or why not, from the notifications, the exemption and the risk decision. */
function informingPeople(ctx: FormContext): AuthorityForm['informingPeople'] {
  const { incident } = ctx;
  // Art. 34(3)(c): a public communication informs the people in an equally effective manner.
  const told = ctx.notifications.find((n) => (n.kind === 'data_subject_notification' || n.kind === 'public_communication') && n.phase === 'initial');
  if (told) {
    return {
      informing: { t: 'code', set: 'informing', v: told.kind === 'public_communication' ? 'publicly_informed' : 'informed' },
      informedAt: { t: 'instant', v: iso(told.notifiedAt) },
      channel: text(told.channel),
      message: text(told.message),
      plannedBy: NA,
      notInformedBecause: NA,
    };
  }
  const not = (code: string, why: string | null): AuthorityForm['informingPeople'] => ({
    informing: { t: 'code', set: 'informing', v: 'not_informed' },
    informedAt: NA,
    channel: NA,
    message: NA,
    plannedBy: NA,
    notInformedBecause: { t: 'reason', set: 'notInformedBecause', code, v: why?.trim() ? why : null },
  });
  if (incident.dataSubjectExemption) return not(incident.dataSubjectExemption, incident.dataSubjectExemptionJustification);
  if (incident.riskLevel === 'none' || incident.riskLevel === 'risk') return not('no_high_risk', incident.riskReasoning);
  if (incident.riskLevel === 'high') {
    const due = ctx.deadlines.find((d) => (d.kind === 'data_subject_notification' || d.kind === 'public_communication') && d.status !== 'cancelled');
    return {
      informing: { t: 'code', set: 'informing', v: 'will_be_informed' },
      informedAt: NA,
      channel: { t: 'text', v: null },
      message: { t: 'text', v: null },
      plannedBy: { t: 'instant', v: iso(due?.dueAt) },
      notInformedBecause: NA,
    };
  }
  return { informing: { t: 'code', set: 'informing', v: null }, informedAt: NA, channel: NA, message: NA, plannedBy: NA, notInformedBecause: NA };
}

/** The whole form as the record answers it now. */
export function authorityForm(ctx: FormContext): AuthorityForm {
  const { incident, severity } = ctx;
  const concerns = (nature: 'confidentiality' | 'integrity' | 'availability'): Answer => ({ t: 'yesNo', v: incident.nature ? incident.nature.includes(nature) : null });
  const { dpoName, dpoEmail, ...processor } = ctx.processor;
  const involved: DraftParty[] = [
    ...(incident.role === 'processor' ? [{ ...processor, role: 'processor' as const }] : []),
    ...(ctx.subProcessor ? [{ name: ctx.subProcessor.name, country: ctx.subProcessor.country, kvkNumber: null, role: 'sub_processor' as const, service: ctx.subProcessor.service }] : []),
  ];
  // The AP's list has special categories as one kind: the register's own list of them ticks it.
  const kinds =
    incident.personalDataKinds && incident.specialCategories.length && !incident.personalDataKinds.includes('special_categories')
      ? [...incident.personalDataKinds, 'special_categories']
      : incident.personalDataKinds;
  return {
    organisation: {
      role: { t: 'code', set: 'organisationRole', v: incident.role },
      organisations: { t: 'parties', v: incident.role === 'controller' ? [processor] : ctx.controllers },
    },
    reporter: { name: text(incident.reporterName), function: text(incident.reporterFunction), phone: text(incident.reporterPhone), email: text(incident.reporterEmail) },
    contact: dpoEmail
      ? { name: text(dpoName), email: text(dpoEmail), isDpo: { t: 'yesNo', v: true } }
      : { name: text(incident.reporterName), email: text(incident.reporterEmail), isDpo: { t: 'yesNo', v: false } },
    otherOrganisations: { involved: { t: 'parties', v: involved } },
    timeline: {
      startedAt: { t: 'instant', v: iso(incident.occurredAt) },
      endedAt: incident.endedAt ? { t: 'instant', v: iso(incident.endedAt) } : NA,
      // The register records an end once the breach is over: none yet is "still ongoing".
      ongoing: { t: 'yesNo', v: incident.endedAt === null },
      discoveredAt: { t: 'instant', v: iso(incident.awareAt) },
      lateReason: lateReason(ctx),
    },
    summary: { title: text(incident.title), description: text(incident.description) },
    nature: { whatHappened: { t: 'codes', set: 'dataOperation', v: incident.dataOperations } },
    incidentType: { causes: { t: 'codes', set: 'cause', v: incident.causes }, detection: text(incident.detection) },
    personalData: {
      kinds: { t: 'codes', set: 'personalDataKind', v: kinds },
      categories: { t: 'texts', v: incident.dataCategories },
      specialCategories: { t: 'texts', v: incident.specialCategories },
    },
    numbers: { records: records(incident), people: people(incident, severity) },
    people: { groups: { t: 'texts', v: incident.dataSubjectGroups }, vulnerableGroups: { t: 'texts', v: severity?.vulnerableSubjects ?? null } },
    unintelligible: { encryptedOrHashed: { t: 'yesNo', v: incident.dataEncrypted }, unintelligible: { t: 'yesNo', v: severity?.unintelligible ?? null } },
    consequences: {
      confidentiality: concerns('confidentiality'),
      integrity: concerns('integrity'),
      availability: concerns('availability'),
      expectedHarm: { t: 'codes', set: 'harm', v: incident.expectedHarm },
      description: text(incident.likelyConsequences),
    },
    informingPeople: informingPeople(ctx),
    measures: { taken: text(incident.measuresTaken), planned: text(incident.measuresPlanned) },
    crossBorder: {
      otherCountries: { t: 'yesNo', v: incident.crossBorder },
      countries: incident.crossBorder === false ? NA : { t: 'texts', v: incident.crossBorderCountries },
      otherAuthorities: { t: 'texts', v: incident.otherAuthoritiesNotified },
    },
  };
}

/** The form without the sections that name people: what is kept with a notification. */
export function keptForm(form: AuthorityForm): Partial<AuthorityForm> {
  return Object.fromEntries(Object.entries(form).filter(([section]) => !PERSONAL_SECTIONS.includes(section as FormSection)));
}

/** A stored answer compares equal to the same answer however its keys came back from jsonb. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

export interface PreviousNotification {
  notifiedAt: Date;
  reference: string | null;
  form: Partial<AuthorityForm>;
}

/** A section with only the questions asked in this report. */
export interface DraftSection<K extends string = string> {
  key: K;
  answers: [string, Answer][];
}

export interface AuthorityDraftPlan {
  type: ReportType;
  reportType: ReportTypeSection;
  sections: DraftSection<FormSection>[];
  /** `section.question` of every answer still to follow in the whole form, whatever this report carries. */
  toFollow: string[];
}

const isUnknown = (a: Answer) => a.t !== 'not_applicable' && a.v === null;

/**
 * Which report the draft is and what it carries:
 * - `new`: the whole form; the default until the AP has been notified;
 * - `follow_up` (vervolgmelding): only the answers that differ from what the latest
 *   recorded notification to the AP held (Art. 33(4)); the default after one;
 * - `withdrawal` (intrekking): who withdraws, and why: the reason for not notifying the AP
 *   that the officer records with a risk level of none.
 * A follow-up or a withdrawal refers to a notification, so without one it is refused.
 */
export function planAuthorityDraft(form: AuthorityForm, previous: PreviousNotification | null, requested: ReportType | undefined, withdrawalReason: string | null): AuthorityDraftPlan {
  const type = requested ?? (previous ? 'follow_up' : 'new');
  if (type !== 'new' && !previous) throw ruleBroken(`a ${type === 'follow_up' ? 'follow-up' : 'withdrawal'} refers to an earlier notification to the AP, and none is recorded`, 'type');
  const all = (Object.keys(FORM_SECTIONS) as FormSection[]).map((key) => ({ key, answers: Object.entries<Answer>(form[key]) }));
  const toFollow = all.flatMap((s) => s.answers.filter(([, a]) => isUnknown(a)).map(([q]) => `${s.key}.${q}`));
  const reportType: ReportTypeSection = {
    type: { t: 'code', set: 'reportType', v: type },
    previousNotifiedAt: previous ? { t: 'instant', v: previous.notifiedAt.toISOString() } : NA,
    previousReference: previous ? text(previous.reference) : NA,
    withdrawalReason: type === 'withdrawal' ? text(withdrawalReason) : NA,
  };
  let sections = all;
  if (type === 'withdrawal') sections = all.filter((s) => WITHDRAWAL_SECTIONS.includes(s.key));
  if (type === 'follow_up' && previous) {
    sections = all
      .filter((s) => !PERSONAL_SECTIONS.includes(s.key))
      .map((s) => {
        const before = (previous.form[s.key] ?? {}) as Record<string, Answer>;
        return { key: s.key, answers: s.answers.filter(([q, a]) => !same(a, before[q])) };
      })
      .filter((s) => s.answers.length > 0);
  }
  return { type, reportType, sections, toFollow };
}
