import { ProblemException } from '../common/problem';
import type { Deadline } from '../deadlines/deadline.entity';
import { AuthorityForm, authorityForm, FormContext, keptForm, planAuthorityDraft, ReportType } from './authority-draft';
import { answerText, draftTexts, localiseDraft } from './authority-draft-texts';
import type { Incident } from './incident.entity';
import type { IncidentNotification } from './incident-notification.entity';

const AWARE = new Date('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'incident-id',
    processorId: 'processor-id',
    subProcessorId: null,
    role: 'controller',
    status: 'open',
    title: 'Mailbox export',
    description: null,
    awareAt: AWARE,
    occurredAt: null,
    endedAt: null,
    nature: null,
    dataCategories: null,
    specialCategories: [],
    approxDataSubjects: null,
    approxRecords: null,
    dataSubjectsRange: null,
    recordsRange: null,
    dataOperations: null,
    causes: null,
    detection: null,
    personalDataKinds: null,
    dataSubjectGroups: null,
    dataEncrypted: null,
    crossBorder: null,
    crossBorderCountries: null,
    otherAuthoritiesNotified: null,
    likelyConsequences: null,
    expectedHarm: null,
    measuresTaken: null,
    measuresPlanned: null,
    affectedScope: null,
    affectedScopeCount: null,
    reporterName: 'Sam de Vries',
    reporterEmail: 'sam@hosting.example',
    reporterPhone: null,
    reporterFunction: null,
    riskLevel: null,
    riskReasoning: null,
    riskAssessedAt: null,
    noAuthorityNotificationReason: null,
    dataSubjectExemption: null,
    dataSubjectExemptionJustification: null,
    departureReason: null,
    closedAt: null,
    closingNote: null,
    createdAt: AWARE,
    updatedAt: AWARE,
    ...over,
  };
}

const authorityDeadline = (status: Deadline['status']) => ({ kind: 'authority_notification', status, dueAt: new Date(AWARE.getTime() + 72 * HOUR) }) as Deadline;

function context(over: Partial<FormContext> = {}): FormContext {
  return {
    incident: incident(),
    processor: { name: 'Hosting Noord B.V.', country: 'NL', kvkNumber: '12345678', dpoName: null, dpoEmail: null },
    subProcessor: null,
    controllers: [],
    deadlines: [authorityDeadline('pending')],
    notifications: [],
    severity: null,
    now: new Date(AWARE.getTime() + HOUR),
    ...over,
  };
}

const nl = draftTexts('nl');
const text = (form: AuthorityForm, section: keyof AuthorityForm, question: string) => answerText((form[section] as Record<string, AuthorityForm['summary']['title']>)[question], nl);

describe('the AP form answered from the record', () => {
  it.each([
    ['not notified, within 72 hours', [authorityDeadline('pending')], [], 1, 'n.v.t.'],
    ['not notified, past 72 hours: the reason is to follow', [authorityDeadline('pending')], [], 73, 'volgt'],
    ['missed: the reason is to follow', [authorityDeadline('missed')], [], 90, 'volgt'],
    ['notified late: the notification holds the reason', [authorityDeadline('met_late')], [{ kind: 'authority_notification', phase: 'initial', lateReason: 'forensics' }], 90, 'forensics'],
    ['notified in time', [authorityDeadline('met')], [{ kind: 'authority_notification', phase: 'initial', lateReason: null }], 90, 'n.v.t.'],
    ['no authority clock (a processor-role breach)', [], [], 90, 'n.v.t.'],
  ])('late reason: %s → %s', (_, deadlines, notifications, hours, expected) => {
    const form = authorityForm(context({ deadlines, notifications: notifications as IncidentNotification[], now: new Date(AWARE.getTime() + hours * HOUR) }));
    expect(text(form, 'timeline', 'lateReason')).toBe(expected);
  });

  it.each([
    ['the incident range', { dataSubjectsRange: { min: 5, max: 9 }, approxDataSubjects: 7 }, { min: 1, max: 2 }, '5–9'],
    ["the assessment's range when the incident has none", { approxDataSubjects: 7 }, { min: 1, max: 2 }, '1–2'],
    ['a lone estimate', { approxDataSubjects: 7000 }, null, 'ongeveer 7.000'],
    ['nothing known', {}, null, 'volgt'],
  ])('people affected from %s', (_, over, range, expected) => {
    const form = authorityForm(context({ incident: incident(over), severity: range ? { approxDataSubjects: range } : null }));
    expect(text(form, 'numbers', 'people')).toBe(expected);
  });

  it('ticks special categories on the AP list when the register lists some, and only then', () => {
    expect(text(authorityForm(context({ incident: incident({ personalDataKinds: ['name'], specialCategories: ['health'] }) })), 'personalData', 'kinds')).toBe('naam; bijzondere persoonsgegevens');
    expect(text(authorityForm(context({ incident: incident({ personalDataKinds: ['name'] }) })), 'personalData', 'kinds')).toBe('naam');
    expect(text(authorityForm(context({ incident: incident({ specialCategories: ['health'] }) })), 'personalData', 'kinds')).toBe('volgt');
  });

  it('keeps no section that names people with a notification', () => {
    const kept = keptForm(authorityForm(context()));
    expect(Object.keys(kept)).not.toContain('reporter');
    expect(Object.keys(kept)).not.toContain('contact');
    expect(JSON.stringify(kept)).not.toContain('Sam de Vries');
  });
});

describe('which report the draft is', () => {
  const form = authorityForm(context({ incident: incident({ recordsRange: { min: 1, max: 2 } }) }));
  const previous = { notifiedAt: new Date(AWARE.getTime() + 2 * HOUR), reference: 'M-1', form: keptForm(form) };

  it.each<[string, boolean, ReportType | undefined, ReportType | 'refused']>([
    ['nothing sent, no type asked', false, undefined, 'new'],
    ['sent, no type asked', true, undefined, 'follow_up'],
    ['sent, a new one asked', true, 'new', 'new'],
    ['nothing sent, a follow-up asked', false, 'follow_up', 'refused'],
    ['nothing sent, a withdrawal asked', false, 'withdrawal', 'refused'],
    ['sent, a withdrawal asked', true, 'withdrawal', 'withdrawal'],
  ])('%s → %s', (_, sent, requested, expected) => {
    const run = () => planAuthorityDraft(form, sent ? previous : null, requested, null).type;
    if (expected === 'refused') {
      expect(run).toThrow(ProblemException);
      try {
        run();
      } catch (e) {
        expect((e as ProblemException).problem.errors?.[0]?.field).toBe('type');
      }
    } else {
      expect(run()).toBe(expected);
    }
  });

  it('carries in a follow-up only the answers that changed, however jsonb ordered the stored keys', () => {
    const stored = JSON.parse(JSON.stringify(previous.form).replace('{"min":1,"max":2}', '{"max":2,"min":1}')) as Partial<AuthorityForm>;
    const same = planAuthorityDraft(form, { ...previous, form: stored }, undefined, null);
    expect(same.sections).toEqual([]);
    const changed = authorityForm(context({ incident: incident({ recordsRange: { min: 1, max: 3 }, measuresPlanned: 'MFA' }) }));
    const plan = planAuthorityDraft(changed, { ...previous, form: stored }, undefined, null);
    expect(plan.sections.map((s) => [s.key, s.answers.map(([q]) => q)])).toEqual([
      ['numbers', ['records']],
      ['measures', ['planned']],
    ]);
    // What is still to follow is the whole form's, not the follow-up's.
    expect(plan.toFollow).toContain('summary.description');
  });

  it('says who withdraws and why, and "volgt" while the reason is not recorded', () => {
    const plan = planAuthorityDraft(form, previous, 'withdrawal', null);
    expect(plan.sections.map((s) => s.key)).toEqual(['organisation', 'reporter', 'contact']);
    const view = localiseDraft(plan, 'en', 'Mailbox export', AWARE);
    expect(view.sections[0].answers.find((a) => a.key === 'withdrawalReason')).toMatchObject({ answer: 'to follow', toFollow: true });
  });

  it('puts every question of every section into words in both languages', () => {
    for (const language of ['nl', 'en'] as const) {
      const view = localiseDraft(planAuthorityDraft(form, null, undefined, null), language, 'Mailbox export', AWARE);
      for (const section of view.sections) {
        expect(section.title).toEqual(expect.any(String));
        for (const a of section.answers) expect([a.key, typeof a.question, a.answer.length > 0]).toEqual([a.key, 'string', true]);
      }
    }
  });
});
