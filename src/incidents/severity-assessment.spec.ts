import { ProblemException } from '../common/problem';
import { assessSeverity, departures, missingFacts, SeverityFacts } from './severity-assessment';

interface EdpbCase {
  /** The case's number in EDPB Guidelines 01/2021 (v2.0). */
  case: number;
  title: string;
  facts: SeverityFacts;
  /** The guidelines' conclusion: notify the supervisory authority, communicate to the data subjects. */
  authority: boolean;
  dataSubjects: boolean;
}

/**
 * Each case's facts as an officer would record them from the guidelines' description, and
 * the guidelines' conclusion. Every fact is known, so none of these leans on an assumption.
 */
const EDPB_CASES: EdpbCase[] = [
  {
    case: 1,
    title: 'ransomware with proper backup and without exfiltration',
    facts: {
      dataTypes: ['simple'],
      identifiability: 'maximum',
      confidentiality: 'none',
      integrity: 'none',
      availability: 'temporary',
      maliciousIntent: true,
      unintelligible: false,
      backupAvailable: true,
      restoredWithin: 'PT5H',
      exfiltration: 'no',
      approxDataSubjects: { min: 80, max: 120 },
      vulnerableSubjects: [],
    },
    authority: false,
    dataSubjects: false,
  },
  {
    case: 2,
    title: 'ransomware without proper backup',
    facts: {
      dataTypes: ['simple'],
      identifiability: 'maximum',
      confidentiality: 'none',
      integrity: 'none',
      availability: 'unrecoverable',
      maliciousIntent: true,
      unintelligible: false,
      backupAvailable: false,
      exfiltration: 'no',
      approxDataSubjects: { min: 50, max: 100 },
      vulnerableSubjects: [],
    },
    authority: true,
    dataSubjects: false,
  },
  {
    case: 3,
    title: 'ransomware with backup and without exfiltration in a hospital',
    facts: {
      dataTypes: ['simple', 'sensitive'],
      identifiability: 'maximum',
      confidentiality: 'none',
      integrity: 'none',
      availability: 'temporary',
      maliciousIntent: true,
      unintelligible: false,
      backupAvailable: true,
      restoredWithin: 'P2D',
      exfiltration: 'no',
      approxDataSubjects: { min: 1000, max: 5000 },
      vulnerableSubjects: ['patients'],
    },
    authority: true,
    dataSubjects: true,
  },
  {
    case: 4,
    title: 'ransomware without backup and with exfiltration',
    facts: {
      dataTypes: ['simple', 'financial'],
      identifiability: 'maximum',
      confidentiality: 'unknown_recipients',
      integrity: 'none',
      availability: 'unrecoverable',
      maliciousIntent: true,
      unintelligible: false,
      backupAvailable: false,
      exfiltration: 'yes',
      approxDataSubjects: { min: 5000, max: 5000 },
      vulnerableSubjects: [],
    },
    authority: true,
    dataSubjects: true,
  },
  {
    case: 5,
    title: 'exfiltration of job application data from a website',
    facts: {
      dataTypes: ['simple'],
      contextAdjustment: 1,
      contextAdjustmentReason: 'CVs: education and work history together give a profile of each applicant',
      identifiability: 'maximum',
      confidentiality: 'unknown_recipients',
      integrity: 'none',
      availability: 'none',
      maliciousIntent: true,
      unintelligible: false,
      exfiltration: 'yes',
      approxDataSubjects: { min: 200, max: 250 },
      vulnerableSubjects: [],
    },
    authority: true,
    dataSubjects: true,
  },
  {
    case: 6,
    title: 'exfiltration of hashed passwords from a website',
    facts: {
      dataTypes: ['simple'],
      identifiability: 'limited',
      confidentiality: 'unknown_recipients',
      integrity: 'none',
      availability: 'none',
      maliciousIntent: true,
      unintelligible: true,
      exfiltration: 'yes',
      approxDataSubjects: { min: 1200, max: 1200 },
      vulnerableSubjects: [],
    },
    authority: false,
    dataSubjects: false,
  },
  {
    case: 7,
    title: 'credential stuffing attack on a banking website',
    facts: {
      dataTypes: ['financial'],
      identifiability: 'maximum',
      confidentiality: 'unknown_recipients',
      integrity: 'none',
      availability: 'none',
      maliciousIntent: true,
      unintelligible: false,
      exfiltration: 'yes',
      approxDataSubjects: { min: 1, max: 2000 },
      vulnerableSubjects: [],
    },
    authority: true,
    dataSubjects: true,
  },
  {
    case: 8,
    title: 'exfiltration of business data by a former employee',
    facts: {
      dataTypes: ['simple'],
      identifiability: 'maximum',
      confidentiality: 'known_recipients',
      integrity: 'none',
      availability: 'none',
      maliciousIntent: true,
      unintelligible: false,
      exfiltration: 'yes',
      recipientTrusted: false,
      approxDataSubjects: { min: 300, max: 400 },
      vulnerableSubjects: [],
    },
    authority: true,
    dataSubjects: false,
  },
  {
    case: 9,
    title: 'accidental transmission of data to a trusted third party',
    facts: {
      dataTypes: ['simple'],
      identifiability: 'maximum',
      confidentiality: 'known_recipients',
      integrity: 'none',
      availability: 'none',
      maliciousIntent: false,
      unintelligible: false,
      recipientTrusted: true,
      recipientConfirmedDeletion: true,
      approxDataSubjects: { min: 100, max: 200 },
      vulnerableSubjects: [],
    },
    authority: false,
    dataSubjects: false,
  },
  {
    case: 10,
    title: 'stolen material storing encrypted personal data',
    facts: {
      dataTypes: ['simple', 'sensitive'],
      identifiability: 'maximum',
      confidentiality: 'unknown_recipients',
      integrity: 'none',
      availability: 'recoverable',
      maliciousIntent: true,
      unintelligible: true,
      exfiltration: 'yes',
      approxDataSubjects: { min: 500, max: 1000 },
      vulnerableSubjects: [],
    },
    authority: false,
    dataSubjects: false,
  },
  {
    case: 11,
    title: 'stolen material storing non-encrypted personal data',
    facts: {
      dataTypes: ['simple'],
      contextAdjustment: 1,
      contextAdjustmentReason: 'name, address, sex and date of birth together are what identity fraud needs',
      identifiability: 'maximum',
      confidentiality: 'unknown_recipients',
      integrity: 'none',
      availability: 'recoverable',
      maliciousIntent: true,
      unintelligible: false,
      exfiltration: 'yes',
      approxDataSubjects: { min: 100_000, max: 100_000 },
      vulnerableSubjects: [],
    },
    authority: true,
    dataSubjects: true,
  },
  {
    case: 12,
    title: 'stolen paper files with sensitive data',
    facts: {
      dataTypes: ['sensitive'],
      identifiability: 'maximum',
      confidentiality: 'unknown_recipients',
      integrity: 'none',
      availability: 'unrecoverable',
      maliciousIntent: true,
      unintelligible: false,
      backupAvailable: false,
      exfiltration: 'yes',
      approxDataSubjects: { min: 10, max: 20 },
      vulnerableSubjects: ['patients in rehabilitation'],
    },
    authority: true,
    dataSubjects: true,
  },
  {
    case: 13,
    title: 'postal mail mistake: orders and their bills sent to the wrong customer',
    facts: {
      dataTypes: ['simple'],
      identifiability: 'maximum',
      confidentiality: 'known_recipients',
      integrity: 'none',
      availability: 'none',
      maliciousIntent: false,
      unintelligible: false,
      recipientTrusted: false,
      approxDataSubjects: { min: 2, max: 2 },
      vulnerableSubjects: [],
    },
    authority: false,
    dataSubjects: false,
  },
  {
    case: 14,
    title: 'highly confidential personal data sent by mail by mistake',
    facts: {
      dataTypes: ['sensitive'],
      identifiability: 'maximum',
      confidentiality: 'known_recipients',
      integrity: 'none',
      availability: 'none',
      maliciousIntent: false,
      unintelligible: false,
      recipientTrusted: false,
      approxDataSubjects: { min: 60, max: 60 },
      vulnerableSubjects: ['job seekers'],
    },
    authority: true,
    dataSubjects: true,
  },
  {
    case: 16,
    title: 'postal mail mistake: an insurance policy sent to the wrong policyholder',
    facts: {
      dataTypes: ['financial'],
      contextAdjustment: -1,
      contextAdjustmentReason: 'the policy and its premium, no account or card details',
      identifiability: 'maximum',
      confidentiality: 'known_recipients',
      integrity: 'none',
      availability: 'none',
      maliciousIntent: false,
      unintelligible: false,
      recipientTrusted: false,
      approxDataSubjects: { min: 1, max: 1 },
      vulnerableSubjects: [],
    },
    authority: true,
    dataSubjects: false,
  },
  {
    case: 17,
    title: 'identity theft',
    facts: {
      dataTypes: ['behavioural', 'financial'],
      identifiability: 'maximum',
      confidentiality: 'known_recipients',
      integrity: 'recoverable',
      availability: 'none',
      maliciousIntent: true,
      unintelligible: false,
      exfiltration: 'yes',
      recipientTrusted: false,
      approxDataSubjects: { min: 1, max: 1 },
      vulnerableSubjects: [],
    },
    authority: true,
    dataSubjects: true,
  },
  {
    case: 18,
    title: 'mailbox exfiltration',
    facts: {
      dataTypes: ['simple', 'financial'],
      identifiability: 'maximum',
      confidentiality: 'unknown_recipients',
      integrity: 'none',
      availability: 'none',
      maliciousIntent: true,
      unintelligible: false,
      exfiltration: 'yes',
      approxDataSubjects: { min: 100, max: 300 },
      vulnerableSubjects: [],
    },
    authority: true,
    dataSubjects: true,
  },
];

describe('assessSeverity: the worked cases of EDPB Guidelines 01/2021', () => {
  it.each(EDPB_CASES)('case $case, $title: AP $authority, data subjects $dataSubjects', ({ facts, authority, dataSubjects }) => {
    const { recommendation, missing } = assessSeverity(facts);
    expect(missing).toEqual([]);
    expect(recommendation.provisional).toBe(false);
    expect(recommendation.notifyAuthority.recommended).toBe(authority);
    expect(recommendation.informDataSubjects.recommended).toBe(dataSubjects);
    expect(recommendation.documentOnly).toBe(!authority);
  });

  it('every recommendation cites its article', () => {
    for (const { facts } of EDPB_CASES) {
      const { recommendation } = assessSeverity(facts);
      expect(recommendation.notifyAuthority.reasons.some((r) => r.article === 'Art. 33(1)')).toBe(true);
      expect(recommendation.informDataSubjects.reasons.some((r) => r.article === 'Art. 34(1)')).toBe(true);
    }
  });
});

const KNOWN: SeverityFacts = EDPB_CASES.find((c) => c.case === 13)!.facts;

describe('assessSeverity: ENISA 2013 severity', () => {
  it('shows each term of SE = DPC × EI + CB (case 3: 4 × 1 + 0.25 + 0.5 = 4.75, very high)', () => {
    const { severity } = assessSeverity(EDPB_CASES.find((c) => c.case === 3)!.facts);
    expect(severity).toMatchObject({
      score: 4.75,
      level: 'very_high',
      terms: {
        dpc: { value: 4, base: 4, adjustment: 0, dataTypes: ['simple', 'sensitive'], assumed: false },
        ei: { value: 1, identifiability: 'maximum' },
        cb: { value: 0.75, confidentiality: { value: 0 }, integrity: { value: 0 }, availability: { value: 0.25, answer: 'temporary' }, maliciousIntent: { value: 0.5 } },
      },
    });
    expect(severity.terms.dpc.note).toMatch(/vulnerable people \(patients\)/);
  });

  it.each([
    { identifiability: 'negligible', ei: 0.25 },
    { identifiability: 'limited', ei: 0.5 },
    { identifiability: 'significant', ei: 0.75 },
    { identifiability: 'maximum', ei: 1 },
  ] as const)('EI for $identifiability is $ei', ({ identifiability, ei }) => {
    expect(assessSeverity({ ...KNOWN, identifiability }).severity.terms.ei.value).toBe(ei);
  });

  it.each([
    { dataTypes: ['simple'], dpc: 1 },
    { dataTypes: ['behavioural'], dpc: 2 },
    { dataTypes: ['financial'], dpc: 3 },
    { dataTypes: ['sensitive'], dpc: 4 },
    { dataTypes: ['simple', 'financial', 'behavioural'], dpc: 3 },
  ] as const)('DPC for $dataTypes is $dpc: the highest basic score', ({ dataTypes, dpc }) => {
    expect(assessSeverity({ ...KNOWN, dataTypes: [...dataTypes] }).severity.terms.dpc.value).toBe(dpc);
  });

  it('the context moves the DPC by its adjustment, within ENISA’s 1–4', () => {
    const up = assessSeverity({ ...KNOWN, dataTypes: ['behavioural'], contextAdjustment: 1, contextAdjustmentReason: 'a year of location data' }).severity.terms.dpc;
    expect(up).toMatchObject({ value: 3, base: 2, adjustment: 1, adjustmentReason: 'a year of location data' });
    const capped = assessSeverity({ ...KNOWN, dataTypes: ['sensitive'], contextAdjustment: 1, contextAdjustmentReason: 'diagnoses of minors' }).severity.terms.dpc;
    expect(capped.value).toBe(4);
    expect(capped.note).toMatch(/runs from 1 to 4/);
  });

  it.each([
    { score: 1.75, level: 'low', facts: { integrity: 'unrecoverable' } },
    { score: 2, level: 'medium', facts: { integrity: 'unrecoverable', availability: 'temporary', backupAvailable: true, restoredWithin: 'PT1H' } },
    { score: 2.75, level: 'medium', facts: { integrity: 'unrecoverable', availability: 'unrecoverable', backupAvailable: false, maliciousIntent: true, exfiltration: 'no' } },
    { score: 3, level: 'high', facts: { dataTypes: ['behavioural'], integrity: 'unrecoverable', availability: 'temporary', backupAvailable: true, restoredWithin: 'PT1H' } },
    { score: 3.75, level: 'high', facts: { dataTypes: ['behavioural'], integrity: 'unrecoverable', availability: 'unrecoverable', backupAvailable: false, maliciousIntent: true, exfiltration: 'no' } },
    { score: 4, level: 'very_high', facts: { dataTypes: ['financial'], integrity: 'unrecoverable', availability: 'temporary', backupAvailable: true, restoredWithin: 'PT1H' } },
  ] as { score: number; level: string; facts: SeverityFacts }[])('a score of $score is $level: the bands are low < 2 ≤ medium < 3 ≤ high < 4 ≤ very high', ({ score, level, facts }) => {
    // Fully identifiable data sent to a known recipient: DPC × 1 + 0.25, plus the rest.
    const { severity } = assessSeverity({ ...KNOWN, ...facts });
    expect(severity.score).toBe(score);
    expect(severity.level).toBe(level);
  });

  it('counts the CB terms as ENISA’s tables give them', () => {
    const cb = assessSeverity({
      ...KNOWN,
      confidentiality: 'unknown_recipients',
      integrity: 'unrecoverable',
      availability: 'temporary',
      backupAvailable: true,
      restoredWithin: 'P1D',
      maliciousIntent: true,
      exfiltration: 'yes',
    }).severity.terms.cb;
    expect(cb).toMatchObject({ value: 1.75, confidentiality: { value: 0.5 }, integrity: { value: 0.5 }, availability: { value: 0.25 }, maliciousIntent: { value: 0.5 } });
    expect(assessSeverity({ ...KNOWN, availability: 'recoverable' }).severity.terms.cb.availability.value).toBe(0);
  });
});

describe('assessSeverity: unknown facts lean towards notifying', () => {
  it('with nothing known, assumes the worst, lists every fact and recommends notifying both', () => {
    const { severity, recommendation, missing } = assessSeverity({});
    expect(missing).toEqual([
      'dataTypes',
      'identifiability',
      'confidentiality',
      'integrity',
      'availability',
      'maliciousIntent',
      'unintelligible',
      'backupAvailable',
      'restoredWithin',
      'exfiltration',
      'approxDataSubjects',
      'vulnerableSubjects',
    ]);
    expect(severity).toMatchObject({ score: 6, level: 'very_high', terms: { dpc: { value: 4, assumed: true }, ei: { assumed: true } } });
    expect(recommendation).toMatchObject({ riskLevel: 'high', provisional: true, documentOnly: false, notifyAuthority: { recommended: true }, informDataSubjects: { recommended: true } });
    expect(recommendation.notifyAuthority.reasons.map((r) => r.text).join(' ')).toMatch(/still unknown: dataTypes, .*leans towards notifying/);
  });

  it('a misdirected e-mail whose recipient is not yet known to have deleted it is notified until it is', () => {
    const partly: SeverityFacts = { ...EDPB_CASES.find((c) => c.case === 9)!.facts, recipientConfirmedDeletion: null };
    const before = assessSeverity(partly);
    expect(before.missing).toEqual(['recipientConfirmedDeletion']);
    // Simple contact data to one known recipient scores low either way: the unknown cannot change it.
    expect(before.recommendation).toMatchObject({ provisional: false, notifyAuthority: { recommended: false } });
    const sensitive = assessSeverity({ ...partly, dataTypes: ['sensitive'] });
    expect(sensitive.recommendation).toMatchObject({ provisional: true, notifyAuthority: { recommended: true }, informDataSubjects: { recommended: true } });
    const confirmed = assessSeverity({ ...partly, dataTypes: ['sensitive'], recipientConfirmedDeletion: true });
    expect(confirmed.recommendation).toMatchObject({ provisional: false, notifyAuthority: { recommended: false }, informDataSubjects: { recommended: false } });
    expect(confirmed.recommendation.informDataSubjects.reasons.map((r) => r.article)).toContain('Art. 34(3)(b)');
  });

  it('ransomware with exfiltration not ruled out counts the data as disclosed to unknown recipients', () => {
    const { severity, recommendation } = assessSeverity({ ...EDPB_CASES.find((c) => c.case === 1)!.facts, exfiltration: 'unknown' });
    expect(severity.terms.cb.confidentiality).toMatchObject({ value: 0.5, answer: 'unknown_recipients', note: expect.stringMatching(/not ruled out/) });
    expect(recommendation.notifyAuthority.recommended).toBe(true);
  });

  it('lists only the facts that matter for what is known', () => {
    expect(missingFacts({ confidentiality: 'none', availability: 'none', maliciousIntent: false })).not.toEqual(expect.arrayContaining(['unintelligible']));
    expect(missingFacts({ availability: 'none' })).not.toContain('backupAvailable');
    expect(missingFacts({ availability: 'temporary', backupAvailable: false })).not.toContain('restoredWithin');
    expect(missingFacts({ maliciousIntent: false })).not.toContain('exfiltration');
    expect(missingFacts({ confidentiality: 'known_recipients' })).toContain('recipientTrusted');
    expect(missingFacts({ confidentiality: 'known_recipients', recipientTrusted: true })).toContain('recipientConfirmedDeletion');
  });

  it('an unknown that does not matter assumes nothing: no exfiltration without malice', () => {
    const { severity } = assessSeverity({ ...KNOWN, confidentiality: 'none', maliciousIntent: false });
    expect(severity.terms.cb.confidentiality).toMatchObject({ value: 0, answer: 'none', assumed: false });
  });
});

describe('assessSeverity: the reasons cite the articles', () => {
  it('a high risk cites Art. 34(1) and offers the public communication of Art. 34(3)(c)', () => {
    const { recommendation } = assessSeverity(EDPB_CASES.find((c) => c.case === 7)!.facts);
    expect(recommendation.informDataSubjects.reasons.map((r) => r.article)).toEqual(['Art. 34(1)', 'Art. 34(3)(c)']);
  });

  it('unintelligible data cite Art. 34(3)(a) and the register duty of Art. 33(5)', () => {
    const { recommendation } = assessSeverity(EDPB_CASES.find((c) => c.case === 10)!.facts);
    expect(recommendation.informDataSubjects.reasons.map((r) => r.article)).toContain('Art. 34(3)(a)');
    expect(recommendation.notifyAuthority.reasons.map((r) => r.article)).toEqual(['Art. 33(1)', 'Art. 33(5)']);
  });
});

describe('assessSeverity: the EDPB floors under a low score', () => {
  const ransomware = EDPB_CASES.find((c) => c.case === 1)!.facts;

  it('data unavailable for a while without a backup are a risk (case 2); restored from a backup they are not (case 1)', () => {
    const withoutBackup = assessSeverity({ ...ransomware, backupAvailable: false, restoredWithin: null });
    expect(withoutBackup.severity).toMatchObject({ score: 1.75, level: 'low' });
    expect(withoutBackup.recommendation).toMatchObject({ riskLevel: 'risk', notifyAuthority: { recommended: true } });
    expect(withoutBackup.recommendation.notifyAuthority.reasons.map((r) => r.text).join(' ')).toMatch(/no backup .*EDPB case 2/);
    expect(assessSeverity(ransomware).recommendation.riskLevel).toBe('none');
  });

  it('readable data taken on purpose are a risk (case 8); sent by mistake to the same one known recipient they are not (case 13)', () => {
    const insider = EDPB_CASES.find((c) => c.case === 8)!.facts;
    expect(assessSeverity(insider).severity.level).toBe('low');
    expect(assessSeverity(insider).recommendation.riskLevel).toBe('risk');
    expect(assessSeverity({ ...insider, maliciousIntent: false, exfiltration: null }).recommendation.riskLevel).toBe('none');
  });
});

describe('assessSeverity: facts that contradict each other', () => {
  const field = (facts: SeverityFacts) => {
    try {
      assessSeverity(facts);
    } catch (e) {
      return (e as ProblemException).problem.errors?.[0]?.field;
    }
    return undefined;
  };

  it.each([
    { facts: { contextAdjustment: 1 }, field: 'contextAdjustmentReason' },
    { facts: { contextAdjustment: -1, contextAdjustmentReason: ' ' }, field: 'contextAdjustmentReason' },
    { facts: { contextAdjustmentReason: 'no adjustment to explain' }, field: 'contextAdjustmentReason' },
    { facts: { approxDataSubjects: { min: 10, max: 5 } }, field: 'approxDataSubjects.max' },
    { facts: { exfiltration: 'yes', confidentiality: 'none' }, field: 'confidentiality' },
    { facts: { recipientConfirmedDeletion: true, confidentiality: 'unknown_recipients' }, field: 'recipientConfirmedDeletion' },
  ] as { facts: SeverityFacts; field: string }[])('$field: $facts', ({ facts, field: expected }) => {
    expect(field(facts)).toBe(expected);
  });
});

describe('departures', () => {
  const notify = { notifyAuthority: true, informDataSubjects: false };
  const inform = { notifyAuthority: true, informDataSubjects: true };
  const documentOnly = { notifyAuthority: false, informDataSubjects: false };

  it.each([
    { recommendation: notify, decision: 'none', departs: true },
    { recommendation: notify, decision: 'risk', departs: false },
    { recommendation: notify, decision: 'high', departs: false },
    { recommendation: inform, decision: 'none', departs: true },
    { recommendation: inform, decision: 'risk', departs: true },
    { recommendation: inform, decision: 'high', departs: false },
    { recommendation: documentOnly, decision: 'none', departs: false },
    { recommendation: documentOnly, decision: 'high', departs: false },
  ] as const)('$recommendation → $decision departs: $departs', ({ recommendation, decision, departs }) => {
    expect(departures(recommendation, decision).length > 0).toBe(departs);
  });

  it('says each way a none departs from a recommendation to inform', () => {
    expect(departures(inform, 'none')).toEqual([
      'the recommendation is to notify the AP (Art. 33(1)); the decision is none',
      'the recommendation is to inform the data subjects (Art. 34(1)); the decision is none',
    ]);
  });
});
