import fc from 'fast-check';
import { ProblemException } from '../common/problem';
import { DEADLINE_STATUSES } from '../deadlines/deadline.entity';
import { DATA_SUBJECT_EXEMPTIONS, INCIDENT_ROLES, RISK_LEVELS } from './incident.entity';
import { NOTIFICATION_KINDS, NOTIFICATION_PHASES } from './incident-notification.entity';
import { NotificationInput, NotificationPlan, planNotification, planRiskAssessment, PlannedDeadline, RiskAssessmentInput, RiskAssessmentPlan } from './incident-plans';

const HOUR = 3_600_000;
const AWARE = new Date('2026-03-28T09:00:00Z');
const NOW = new Date('2026-03-29T12:00:00Z');
const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

function assessment(over: Partial<RiskAssessmentInput> = {}): RiskAssessmentInput {
  return { incidentId: 'i', role: 'controller', riskLevel: 'risk', exemption: null, noAuthorityNotificationReason: null, awareAt: AWARE, now: NOW, existing: [], notifiedKinds: new Set(), ...over };
}

const kinds = (plan: RiskAssessmentPlan) => plan.open.map((d) => d.kind);

/** What the incident's deadlines look like once the plan is applied: opened ones are pending. */
function applied(existing: PlannedDeadline[], plan: RiskAssessmentPlan): PlannedDeadline[] {
  const cancelled = new Set(plan.cancel.map((c) => c.deadlineId));
  return [...existing.map((d) => (cancelled.has(d.id) ? { ...d, status: 'cancelled' as const } : d)), ...plan.open.map((d, n) => ({ id: `new${n}`, kind: d.kind, status: 'pending' as const }))];
}

const anyAssessment: fc.Arbitrary<RiskAssessmentInput> = fc
  .record({
    role: fc.constantFrom(...INCIDENT_ROLES),
    riskLevel: fc.constantFrom(...RISK_LEVELS),
    exempt: fc.constantFrom(...DATA_SUBJECT_EXEMPTIONS).chain((ground) => fc.option(fc.constant({ ground, justification: 'the laptop disk was encrypted' }))),
    awareAt: instant,
    hoursSince: fc.integer({ min: 0, max: 1000 }),
    existing: fc.array(fc.record({ kind: fc.constantFrom(...NOTIFICATION_KINDS), status: fc.constantFrom(...DEADLINE_STATUSES) }), { maxLength: 6 }),
    notified: fc.subarray([...NOTIFICATION_KINDS]),
  })
  .map(({ role, riskLevel, exempt, awareAt, hoursSince, existing, notified }) => ({
    incidentId: 'i',
    role,
    riskLevel,
    // The service refuses an exemption without a high risk and a reason without riskLevel none before it plans.
    exemption: riskLevel === 'high' ? exempt : null,
    noAuthorityNotificationReason: riskLevel === 'none' ? 'unlikely to result in a risk' : null,
    awareAt,
    now: new Date(awareAt.getTime() + hoursSince * HOUR),
    existing: existing.map((d, n) => ({ id: `d${n}`, ...d })),
    notifiedKinds: new Set(notified),
  }));

describe('planRiskAssessment', () => {
  const pendingAuthority = { id: 'a', kind: 'authority_notification', status: 'pending' as const };
  const pendingSubjects = { id: 's', kind: 'data_subject_notification', status: 'pending' as const };

  it.each([
    ['risk, nothing running', assessment(), ['authority_notification'], []],
    ['risk, AP clock already running', assessment({ existing: [pendingAuthority] }), [], []],
    ['risk, AP clock cancelled earlier', assessment({ existing: [{ ...pendingAuthority, status: 'cancelled' }] }), ['authority_notification'], []],
    ['risk, AP clock missed', assessment({ existing: [{ ...pendingAuthority, status: 'missed' }] }), [], []],
    ['risk, AP already told', assessment({ notifiedKinds: new Set(['authority_notification'] as const) }), [], []],
    ['risk after high: the data-subject clock goes', assessment({ existing: [pendingAuthority, pendingSubjects] }), [], [{ deadlineId: 's', reason: 'risk reassessed as risk' }]],
    ['high, nothing running', assessment({ riskLevel: 'high' }), ['authority_notification', 'data_subject_notification'], []],
    ['high, data subjects already told', assessment({ riskLevel: 'high', existing: [pendingAuthority], notifiedKinds: new Set(['data_subject_notification'] as const) }), [], []],
    [
      'high with an Art. 34(3) ground',
      assessment({ riskLevel: 'high', existing: [pendingAuthority, pendingSubjects], exemption: { ground: 'encrypted', justification: 'AES-256, key kept apart' } }),
      [],
      [{ deadlineId: 's', reason: 'Art. 34(3) encrypted: AES-256, key kept apart' }],
    ],
    [
      'none cancels both running clocks',
      assessment({ riskLevel: 'none', noAuthorityNotificationReason: 'recipient deleted it', existing: [pendingAuthority, { ...pendingSubjects, status: 'missed' }] }),
      [],
      [
        { deadlineId: 'a', reason: 'risk assessed as none: recipient deleted it' },
        { deadlineId: 's', reason: 'risk reassessed as none' },
      ],
    ],
    ['none leaves a met clock met', assessment({ riskLevel: 'none', noAuthorityNotificationReason: 'recipient deleted it', existing: [{ ...pendingAuthority, status: 'met' }] }), [], []],
    ['processor role: the controllers’ duties, no clocks', assessment({ role: 'processor', riskLevel: 'high' }), [], []],
  ] as const)('%s', (_name, input, opens, cancels) => {
    const plan = planRiskAssessment(input);
    expect(kinds(plan)).toEqual(opens);
    expect(plan.cancel).toEqual(cancels);
  });

  it('runs the AP clock 72 hours from awareness and the data-subject clock 72 hours from the assessment', () => {
    const plan = planRiskAssessment(assessment({ riskLevel: 'high' }));
    expect(plan.open).toEqual([
      { kind: 'authority_notification', subjectType: 'incident', subjectId: 'i', startsAt: AWARE, dueAt: new Date(AWARE.getTime() + 72 * HOUR) },
      { kind: 'data_subject_notification', subjectType: 'incident', subjectId: 'i', startsAt: NOW, dueAt: new Date(NOW.getTime() + 72 * HOUR) },
    ]);
  });

  it('never opens a clock for a kind already notified', () => {
    fc.assert(fc.property(anyAssessment, (input) => planRiskAssessment(input).open.every((d) => !input.notifiedKinds.has(d.kind as never))));
  });

  it('never opens a second live clock of a kind', () => {
    fc.assert(
      fc.property(anyAssessment, (input) => {
        const plan = planRiskAssessment(input);
        return plan.open.every((d) => !input.existing.some((e) => e.kind === d.kind && e.status !== 'cancelled')) && new Set(kinds(plan)).size === plan.open.length;
      }),
    );
  });

  it('with riskLevel none leaves no authority clock pending or missed, and opens none', () => {
    fc.assert(
      fc.property(anyAssessment, (input) => {
        fc.pre(input.role === 'controller' && input.riskLevel === 'none');
        const after = applied(input.existing, planRiskAssessment(input));
        return !after.some((d) => d.kind === 'authority_notification' && (d.status === 'pending' || d.status === 'missed'));
      }),
    );
  });

  it('below high, or with an Art. 34(3) ground, leaves no data-subject clock pending or missed', () => {
    fc.assert(
      fc.property(anyAssessment, (input) => {
        fc.pre(input.role === 'controller' && (input.riskLevel !== 'high' || input.exemption !== null));
        const after = applied(input.existing, planRiskAssessment(input));
        return !after.some((d) => d.kind === 'data_subject_notification' && (d.status === 'pending' || d.status === 'missed'));
      }),
    );
  });

  it('leaves every duty of a controller-role breach with a live clock or an initial notification', () => {
    fc.assert(
      fc.property(anyAssessment, (input) => {
        fc.pre(input.role === 'controller');
        const after = applied(input.existing, planRiskAssessment(input));
        const duties = [...(input.riskLevel !== 'none' ? ['authority_notification'] : []), ...(input.riskLevel === 'high' && !input.exemption ? ['data_subject_notification'] : [])];
        return duties.every((kind) => input.notifiedKinds.has(kind as never) || after.some((d) => d.kind === kind && d.status !== 'cancelled'));
      }),
    );
  });

  it('never both opens and cancels a kind, and cancels only pending or missed deadlines of the incident, each once', () => {
    fc.assert(
      fc.property(anyAssessment, (input) => {
        const plan = planRiskAssessment(input);
        const cancelled = plan.cancel.map((c) => input.existing.find((d) => d.id === c.deadlineId));
        return (
          cancelled.every((d) => d !== undefined && (d.status === 'pending' || d.status === 'missed') && !kinds(plan).includes(d.kind)) &&
          new Set(plan.cancel.map((c) => c.deadlineId)).size === plan.cancel.length
        );
      }),
    );
  });

  it('opens and cancels nothing for a processor-role breach', () => {
    fc.assert(
      fc.property(anyAssessment, (input) => {
        fc.pre(input.role === 'processor');
        const plan = planRiskAssessment(input);
        return plan.open.length === 0 && plan.cancel.length === 0;
      }),
    );
  });

  it('gives the same plan for the same inputs', () => {
    fc.assert(
      fc.property(anyAssessment, (input) => expect(planRiskAssessment(input)).toEqual(planRiskAssessment({ ...input, existing: [...input.existing], notifiedKinds: new Set(input.notifiedKinds) }))),
    );
  });
});

describe('planNotification', () => {
  const DUE = new Date('2026-03-31T09:00:00Z');
  const onTime = new Date(DUE.getTime() - HOUR);
  const late = new Date(DUE.getTime() + 1);
  const pending = { id: 'd', status: 'pending' as const, dueAt: DUE };

  function notification(over: Partial<NotificationInput> = {}): NotificationInput {
    return { phase: 'initial', notifiedAt: onTime, lateReason: null, deadline: pending, earlierInitial: false, ...over };
  }

  /** The problem's type and field, or the plan itself. */
  const outcome = (plan: NotificationPlan | ProblemException) => (plan instanceof ProblemException ? { type: plan.problem.type, field: plan.problem.errors?.[0]?.field } : plan);

  it.each([
    ['initial in time meets the clock', notification(), { close: { deadlineId: 'd', outcome: { status: 'met', at: onTime } }, late: false, lateReason: null }],
    ['initial at the due instant is in time', notification({ notifiedAt: DUE }), { close: { deadlineId: 'd', outcome: { status: 'met', at: DUE } }, late: false, lateReason: null }],
    [
      'initial on a missed clock, in time by its date',
      notification({ deadline: { ...pending, status: 'missed' } }),
      { close: { deadlineId: 'd', outcome: { status: 'met', at: onTime } }, late: false, lateReason: null },
    ],
    [
      'initial late with the reasons for the delay',
      notification({ notifiedAt: late, lateReason: 'forensics took a day' }),
      { close: { deadlineId: 'd', outcome: { status: 'met_late', at: late, lateReason: 'forensics took a day' } }, late: true, lateReason: 'forensics took a day' },
    ],
    ['initial late without a reason', notification({ notifiedAt: late }), { type: '/problems/deadline-passed', field: 'lateReason' }],
    ['initial where no clock ran', notification({ deadline: null, notifiedAt: late }), { close: null, late: null, lateReason: null }],
    ['a second initial', notification({ earlierInitial: true }), { type: '/problems/conflict', field: 'phase' }],
    ['initial on a clock already met', notification({ deadline: { ...pending, status: 'met_late' } }), { type: '/problems/conflict', field: 'phase' }],
    ['follow-up after the initial leaves the clock alone', notification({ phase: 'follow_up', earlierInitial: true, notifiedAt: late }), { close: null, late: null, lateReason: null }],
    ['final without an initial', notification({ phase: 'final' }), { type: '/problems/rule-broken', field: 'phase' }],
  ] as const)('%s', (_name, input, expected) => {
    expect(outcome(planNotification(input))).toEqual(expected);
  });

  const anyNotification: fc.Arbitrary<NotificationInput> = fc.record({
    phase: fc.constantFrom(...NOTIFICATION_PHASES),
    notifiedAt: instant,
    lateReason: fc.option(fc.constant('the processor told us late'), { freq: 1 }),
    deadline: fc.option(fc.record({ id: fc.constant('d'), status: fc.constantFrom(...DEADLINE_STATUSES.filter((s) => s !== 'cancelled')), dueAt: instant })),
    earlierInitial: fc.boolean(),
  });

  const problemType = (plan: NotificationPlan | ProblemException) => (plan instanceof ProblemException ? plan.problem.type : null);

  it('records one initial notification per clock: a second one is a conflict', () => {
    fc.assert(
      fc.property(anyNotification, (input) => {
        fc.pre(input.phase === 'initial' && (input.earlierInitial || input.deadline?.status === 'met' || input.deadline?.status === 'met_late'));
        return problemType(planNotification(input)) === '/problems/conflict';
      }),
    );
  });

  it('lets a follow-up or final notification follow an initial one and never touch the clock', () => {
    fc.assert(
      fc.property(anyNotification, (input) => {
        fc.pre(input.phase !== 'initial');
        const plan = planNotification(input);
        return input.earlierInitial ? !(plan instanceof ProblemException) && plan.close === null && plan.late === null : problemType(plan) === '/problems/rule-broken';
      }),
    );
  });

  it('closes only the given deadline, only with an initial notification, and late exactly when after the due instant', () => {
    fc.assert(
      fc.property(anyNotification, (input) => {
        const plan = planNotification(input);
        if (plan instanceof ProblemException || !plan.close) return true;
        const after = input.notifiedAt.getTime() > input.deadline!.dueAt.getTime();
        return (
          input.phase === 'initial' &&
          plan.close.deadlineId === input.deadline!.id &&
          (input.deadline!.status === 'pending' || input.deadline!.status === 'missed') &&
          plan.late === after &&
          plan.close.outcome.status === (after ? 'met_late' : 'met')
        );
      }),
    );
  });

  it('refuses exactly the late initial notifications without the reasons for the delay, and keeps a reason only when late', () => {
    fc.assert(
      fc.property(anyNotification, (input) => {
        const plan = planNotification(input);
        const { deadline } = input;
        const lateOnOpenClock =
          input.phase === 'initial' && !input.earlierInitial && (deadline?.status === 'pending' || deadline?.status === 'missed') && input.notifiedAt.getTime() > deadline.dueAt.getTime();
        if ((problemType(plan) === '/problems/deadline-passed') !== (lateOnOpenClock && !input.lateReason)) return false;
        return plan instanceof ProblemException || plan.lateReason === (plan.late ? input.lateReason : null);
      }),
    );
  });

  it('gives the same plan for the same inputs', () => {
    fc.assert(fc.property(anyNotification, (input) => expect(outcome(planNotification(input))).toEqual(outcome(planNotification({ ...input })))));
  });
});

describe('planRiskAssessment, Art. 34(3)(c)', () => {
  const effort = { ground: 'disproportionate_effort' as const, justification: 'no contact details for 40,000 former members' };
  const subjectsDue = new Date(NOW.getTime() + 10 * HOUR);
  const pendingSubjects = { id: 's', kind: 'data_subject_notification', status: 'pending' as const, dueAt: subjectsDue };
  const pendingPublic = { id: 'p', kind: 'public_communication', status: 'pending' as const, dueAt: subjectsDue };

  it('replaces a running data-subject clock by a public communication due at the same instant', () => {
    const plan = planRiskAssessment(assessment({ riskLevel: 'high', exemption: effort, existing: [{ id: 'a', kind: 'authority_notification', status: 'pending' }, pendingSubjects] }));
    expect(plan.open).toEqual([{ kind: 'public_communication', subjectType: 'incident', subjectId: 'i', startsAt: NOW, dueAt: subjectsDue }]);
    expect(plan.cancel).toEqual([{ deadlineId: 's', reason: `Art. 34(3)(c) disproportionate effort, replaced by a public communication: ${effort.justification}` }]);
  });

  it('with no data-subject clock yet, is due when that clock would have been: 72 hours from the assessment', () => {
    const plan = planRiskAssessment(assessment({ riskLevel: 'high', exemption: effort }));
    expect(plan.open.find((d) => d.kind === 'public_communication')?.dueAt).toEqual(new Date(NOW.getTime() + 72 * HOUR));
    expect(kinds(plan)).not.toContain('data_subject_notification');
  });

  it('keeps one public communication clock over reassessments, and none once it was published', () => {
    expect(planRiskAssessment(assessment({ riskLevel: 'high', exemption: effort, existing: [pendingPublic] })).open.filter((d) => d.kind === 'public_communication')).toEqual([]);
    expect(kinds(planRiskAssessment(assessment({ riskLevel: 'high', exemption: effort, notifiedKinds: new Set(['public_communication'] as const) })))).not.toContain('public_communication');
  });

  it.each([
    ['another ground', { riskLevel: 'high' as const, exemption: { ground: 'encrypted' as const, justification: 'AES-256, key kept apart' } }, 'no longer Art. 34(3)(c): encrypted'],
    ['no ground: each data subject is told again', { riskLevel: 'high' as const }, 'no longer Art. 34(3)(c): each data subject is told'],
    ['risk below high', { riskLevel: 'risk' as const }, 'risk reassessed as risk'],
  ])('cancels the public communication clock on %s', (_, over, reason) => {
    expect(planRiskAssessment(assessment({ ...over, existing: [pendingPublic] })).cancel).toContainEqual({ deadlineId: 'p', reason });
  });
});
