import { ruleBroken } from '../common/problem';
import { RiskLevel } from './incident.entity';

/*
 * How severe a breach is, and what the law then asks: the officer's facts scored by the
 * ENISA methodology and turned into a recommendation that agrees with the worked cases of
 * the EDPB. The decision stays the officer's (POST /incidents/:id/risk-assessment); this
 * rule only says what the facts point to and why, and when the decision departs from it.
 *
 * Sources:
 * - ENISA, "Recommendations for a methodology of the assessment of severity of personal
 *   data breaches", Working Document v1.0, December 2013: SE = DPC × EI + CB, its tables
 *   for the data processing context, ease of identification and circumstances of the
 *   breach, and its severity levels.
 * - EDPB, Guidelines 01/2021 on examples regarding personal data breach notification
 *   (v2.0, 14 December 2021), cases 1–18; the case numbers in the reasons are theirs.
 */

export const DATA_TYPES = ['simple', 'behavioural', 'financial', 'sensitive'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export const IDENTIFIABILITY = ['negligible', 'limited', 'significant', 'maximum'] as const;
export type Identifiability = (typeof IDENTIFIABILITY)[number];

export const CONFIDENTIALITY_LOSSES = ['none', 'known_recipients', 'unknown_recipients'] as const;
export type ConfidentialityLoss = (typeof CONFIDENTIALITY_LOSSES)[number];

export const INTEGRITY_LOSSES = ['none', 'recoverable', 'unrecoverable'] as const;
export type IntegrityLoss = (typeof INTEGRITY_LOSSES)[number];

export const AVAILABILITY_LOSSES = ['none', 'recoverable', 'temporary', 'unrecoverable'] as const;
export type AvailabilityLoss = (typeof AVAILABILITY_LOSSES)[number];

export const EXFILTRATION = ['yes', 'no', 'unknown'] as const;
export type Exfiltration = (typeof EXFILTRATION)[number];

/** ENISA lets the context move the DPC; the service takes one step either way, with its reason, as the officer can defend it. */
export const MAX_CONTEXT_ADJUSTMENT = 1;

/** What the officer knows of a breach; every fact may be unknown (absent or null) until it is known. */
export interface SeverityFacts {
  dataTypes?: DataType[] | null;
  contextAdjustment?: number | null;
  contextAdjustmentReason?: string | null;
  identifiability?: Identifiability | null;
  confidentiality?: ConfidentialityLoss | null;
  integrity?: IntegrityLoss | null;
  availability?: AvailabilityLoss | null;
  maliciousIntent?: boolean | null;
  /** State-of-the-art encryption or keyed hashing, the key not compromised. */
  unintelligible?: boolean | null;
  backupAvailable?: boolean | null;
  /** ISO 8601 duration, e.g. PT6H: how long until the data were available again. */
  restoredWithin?: string | null;
  exfiltration?: Exfiltration | null;
  approxDataSubjects?: { min: number; max: number } | null;
  /** Children, patients, employees…; an empty list says there are none. */
  vulnerableSubjects?: string[] | null;
  recipientTrusted?: boolean | null;
  recipientConfirmedDeletion?: boolean | null;
}

export type SeverityFact = Exclude<keyof SeverityFacts, 'contextAdjustment' | 'contextAdjustmentReason'>;

// ENISA 2013, DPC: the basic score of each data type (simple 1, behavioural 2, financial 3,
// sensitive 4). Where a breach holds several types, the highest basic score counts.
const DPC_BASE: Record<DataType, number> = { simple: 1, behavioural: 2, financial: 3, sensitive: 4 };
/** ENISA's DPC scale runs from 1 to 4 whatever the adjustment. */
const DPC_MIN = 1;
const DPC_MAX = 4;

// ENISA 2013, EI: negligible 0.25, limited 0.5, significant 0.75, maximum 1.
const EI: Record<Identifiability, number> = { negligible: 0.25, limited: 0.5, significant: 0.75, maximum: 1 };

// ENISA 2013, CB, loss of confidentiality: 0 exposed without evidence of illegal processing;
// +0.25 disclosed to a number of known recipients; +0.5 to an unknown number of recipients.
const CONFIDENTIALITY: Record<ConfidentialityLoss, number> = { none: 0, known_recipients: 0.25, unknown_recipients: 0.5 };
// Loss of integrity: +0.25 altered (and possibly used wrongly) but recoverable; +0.5 not recoverable.
const INTEGRITY: Record<IntegrityLoss, number> = { none: 0, recoverable: 0.25, unrecoverable: 0.5 };
// Loss of availability: 0 recoverable without any difficulty (another copy); +0.25 temporary
// unavailability; +0.5 complete unavailability (recoverable neither from the controller nor the individual).
const AVAILABILITY: Record<AvailabilityLoss, number> = { none: 0, recoverable: 0, temporary: 0.25, unrecoverable: 0.5 };
// Malicious intent: +0.5 where the breach was an intentional act (theft, hacking), 0 for error or negligence.
const MALICIOUS_INTENT = 0.5;

export const SEVERITY_LEVELS = ['low', 'medium', 'high', 'very_high'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

// ENISA 2013, severity levels: SE < 2 low; 2 ≤ SE < 3 medium; 3 ≤ SE < 4 high; 4 ≤ SE very high.
const BANDS: { from: number; level: SeverityLevel; meaning: string }[] = [
  { from: 4, level: 'very_high', meaning: 'people may encounter significant, or even irreversible, consequences which they may not overcome' },
  { from: 3, level: 'high', meaning: 'people may encounter significant consequences which they should be able to overcome, albeit with serious difficulties' },
  { from: 2, level: 'medium', meaning: 'people may encounter significant inconveniences which they will be able to overcome despite a few difficulties' },
  { from: -Infinity, level: 'low', meaning: 'people will not be affected, or may encounter a few inconveniences which they will overcome without any problem' },
];

/**
 * ENISA's levels in the terms of the GDPR, as Member State authorities apply the method:
 * low is unlikely to result in a risk (Art. 33(1)), medium is a risk (notify the AP), high
 * and very high are a high risk (Art. 34(1): tell the people too).
 */
const RISK_OF_LEVEL: Record<SeverityLevel, RiskLevel> = { low: 'none', medium: 'risk', high: 'high', very_high: 'high' };
const RISK_ORDER: RiskLevel[] = ['none', 'risk', 'high'];
const atLeast = (a: RiskLevel, b: RiskLevel): RiskLevel => (RISK_ORDER.indexOf(a) >= RISK_ORDER.indexOf(b) ? a : b);

export interface Reason {
  /** The article the reason rests on, e.g. "Art. 33(1)"; null for a note on the facts. */
  article: string | null;
  text: string;
}

export interface Term {
  value: number;
  /** True when the fact behind it is unknown and its most harmful answer was assumed. */
  assumed: boolean;
  note?: string;
}

export interface SeverityAssessment {
  severity: {
    formula: 'SE = DPC × EI + CB';
    score: number;
    level: SeverityLevel;
    meaning: string;
    terms: {
      dpc: Term & { base: number; adjustment: number; adjustmentReason: string | null; dataTypes: DataType[] };
      ei: Term & { identifiability: Identifiability };
      cb: {
        value: number;
        confidentiality: Term & { answer: ConfidentialityLoss };
        integrity: Term & { answer: IntegrityLoss };
        availability: Term & { answer: AvailabilityLoss };
        maliciousIntent: Term & { answer: boolean };
      };
    };
  };
  recommendation: {
    /** The risk the facts point to, in the officer's terms (none | risk | high). */
    riskLevel: RiskLevel;
    notifyAuthority: { recommended: boolean; reasons: Reason[] };
    informDataSubjects: { recommended: boolean; reasons: Reason[] };
    /** Art. 33(5) only: every breach is documented, this one needs nothing more. */
    documentOnly: boolean;
    /** Unknown facts were assumed at their worst and could change the recommendation. */
    provisional: boolean;
  };
  /** Facts that matter for this breach and are still unknown, in the order of the form. */
  missing: SeverityFact[];
}

/** A fact the officer has given: null and absent both mean unknown. */
const known = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/** The facts a breach needs known, given what is known already; in the order of the request. */
export function missingFacts(f: SeverityFacts): SeverityFact[] {
  const relevant: Record<SeverityFact, boolean> = {
    dataTypes: true,
    identifiability: true,
    confidentiality: true,
    integrity: true,
    availability: true,
    maliciousIntent: true,
    // Whether the data could be read matters as soon as anyone may have had them.
    unintelligible: !(f.confidentiality === 'none' && (f.exfiltration === 'no' || f.maliciousIntent === false)),
    backupAvailable: f.availability !== 'none' && f.availability !== 'recoverable',
    restoredWithin: f.availability !== 'none' && f.availability !== 'recoverable' && f.backupAvailable !== false,
    // An attacker may have taken what it encrypted or altered (EDPB cases 1–4).
    exfiltration: f.maliciousIntent !== false,
    approxDataSubjects: true,
    vulnerableSubjects: true,
    recipientTrusted: f.confidentiality === 'known_recipients',
    recipientConfirmedDeletion: f.confidentiality === 'known_recipients' && f.recipientTrusted === true,
  };
  return (Object.keys(relevant) as SeverityFact[]).filter((fact) => relevant[fact] && !known(f[fact]));
}

/** Facts that contradict each other or lack their reason: a 422 naming the field. */
export function assertConsistentFacts(f: SeverityFacts): void {
  const adjustment = f.contextAdjustment ?? 0;
  if (adjustment !== 0 && !f.contextAdjustmentReason?.trim()) throw ruleBroken('a contextAdjustment needs its reason: ENISA moves the DPC only for a stated context', 'contextAdjustmentReason');
  if (adjustment === 0 && known(f.contextAdjustmentReason)) throw ruleBroken('contextAdjustmentReason only goes with a contextAdjustment of -1 or +1', 'contextAdjustmentReason');
  if (f.approxDataSubjects && f.approxDataSubjects.min > f.approxDataSubjects.max) throw ruleBroken('approxDataSubjects.min exceeds approxDataSubjects.max', 'approxDataSubjects.max');
  if (f.exfiltration === 'yes' && f.confidentiality === 'none') throw ruleBroken('data were exfiltrated, so confidentiality was lost: known_recipients or unknown_recipients', 'confidentiality');
  if (f.recipientConfirmedDeletion === true && f.confidentiality !== 'known_recipients') {
    throw ruleBroken('recipientConfirmedDeletion concerns data sent to known recipients (confidentiality known_recipients)', 'recipientConfirmedDeletion');
  }
}

type Complete = Required<{ [K in keyof SeverityFacts]: NonNullable<SeverityFacts[K]> }>;

/**
 * The facts with every unknown filled in. `worst` leans towards notifying: an unknown is
 * its most harmful answer (sensitive data, fully identifiable, lost to unknown recipients,
 * unrecoverable, malicious, readable, no backup). `best` is the opposite; if both lead to
 * the same recommendation, the unknowns cannot change it.
 */
function complete(f: SeverityFacts, mode: 'worst' | 'best', missing: ReadonlySet<SeverityFact>): Complete {
  // A fact that does not matter for this breach (an exfiltration without malice) takes its harmless answer.
  const pick = <K extends SeverityFact>(fact: K, ifWorst: Complete[K], ifBest: Complete[K]): Complete[K] => {
    const value = f[fact] as Complete[K] | null | undefined;
    return known(value) ? value : mode === 'worst' && missing.has(fact) ? ifWorst : ifBest;
  };
  return {
    dataTypes: pick('dataTypes', ['sensitive'], ['simple']),
    contextAdjustment: f.contextAdjustment ?? 0,
    contextAdjustmentReason: f.contextAdjustmentReason ?? '',
    identifiability: pick('identifiability', 'maximum', 'negligible'),
    confidentiality: pick('confidentiality', 'unknown_recipients', 'none'),
    integrity: pick('integrity', 'unrecoverable', 'none'),
    availability: pick('availability', 'unrecoverable', 'none'),
    maliciousIntent: pick('maliciousIntent', true, false),
    unintelligible: pick('unintelligible', false, true),
    backupAvailable: pick('backupAvailable', false, true),
    restoredWithin: f.restoredWithin ?? '',
    exfiltration: pick('exfiltration', 'unknown', 'no'),
    approxDataSubjects: f.approxDataSubjects ?? { min: 0, max: 0 },
    vulnerableSubjects: f.vulnerableSubjects ?? [],
    recipientTrusted: pick('recipientTrusted', false, true),
    recipientConfirmedDeletion: pick('recipientConfirmedDeletion', false, true),
  };
}

const ARTICLE = {
  notify: 'Art. 33(1)',
  document: 'Art. 33(5)',
  inform: 'Art. 34(1)',
  unintelligible: 'Art. 34(3)(a)',
  mitigated: 'Art. 34(3)(b)',
  disproportionate: 'Art. 34(3)(c)',
} as const;

interface Judgement {
  severity: SeverityAssessment['severity'];
  riskLevel: RiskLevel;
  notifyReasons: Reason[];
  informReasons: Reason[];
}

const formatScore = (n: number) => n.toFixed(2);

/** The ENISA score and the risk it points to, for facts with nothing unknown. */
function judge(c: Complete, assumed: ReadonlySet<SeverityFact>): Judgement {
  const base = Math.max(...c.dataTypes.map((t) => DPC_BASE[t]));
  const dpcValue = Math.min(DPC_MAX, Math.max(DPC_MIN, base + c.contextAdjustment));
  const dpcNotes: string[] = [];
  if (dpcValue !== base + c.contextAdjustment) dpcNotes.push(`ENISA's DPC runs from ${DPC_MIN} to ${DPC_MAX}: the adjustment stops there`);
  if (c.vulnerableSubjects.length && c.contextAdjustment < MAX_CONTEXT_ADJUSTMENT) {
    dpcNotes.push(`vulnerable people (${c.vulnerableSubjects.join(', ')}): ENISA raises the DPC where their characteristics make the data more critical; consider a contextAdjustment of +1`);
  }
  const ei = EI[c.identifiability];

  // Exfiltration not ruled out puts the data in unknown hands (EDPB case 1 asks for certainty that nothing was taken).
  const confidentiality: ConfidentialityLoss = c.confidentiality === 'none' && c.exfiltration !== 'no' ? 'unknown_recipients' : c.confidentiality;
  const confidentialityLost = confidentiality !== 'none';
  // EDPB cases 6 and 10: data nobody can read cause no confidentiality risk. Case 9: a trusted
  // recipient that deleted what it got by mistake leaves no one holding the data.
  const unreadable = confidentialityLost && c.unintelligible;
  const contained = confidentialityLost && !unreadable && confidentiality === 'known_recipients' && c.recipientTrusted && c.recipientConfirmedDeletion && !c.maliciousIntent;
  const confidentialityNote = unreadable
    ? 'the data were unintelligible to whoever had them (key not compromised): no confidentiality loss reaches the people (ENISA: unintelligibility; EDPB cases 6, 10)'
    : contained
      ? 'sent by mistake to a trusted recipient who confirmed deleting it: the loss is contained (EDPB case 9)'
      : confidentiality !== c.confidentiality
        ? 'exfiltration not ruled out: counted as disclosed to unknown recipients'
        : undefined;
  const cbConfidentiality = unreadable || contained ? 0 : CONFIDENTIALITY[confidentiality];
  const cbIntegrity = INTEGRITY[c.integrity];
  const cbAvailability = AVAILABILITY[c.availability];
  const cbMalicious = c.maliciousIntent ? MALICIOUS_INTENT : 0;
  const cb = cbConfidentiality + cbIntegrity + cbAvailability + cbMalicious;
  const score = dpcValue * ei + cb;
  const band = BANDS.find((b) => score >= b.from) ?? BANDS[BANDS.length - 1];

  const severity: SeverityAssessment['severity'] = {
    formula: 'SE = DPC × EI + CB',
    score,
    level: band.level,
    meaning: band.meaning,
    terms: {
      dpc: {
        value: dpcValue,
        base,
        adjustment: c.contextAdjustment,
        adjustmentReason: c.contextAdjustmentReason || null,
        dataTypes: c.dataTypes,
        assumed: assumed.has('dataTypes'),
        ...(dpcNotes.length ? { note: dpcNotes.join('; ') } : {}),
      },
      ei: { value: ei, identifiability: c.identifiability, assumed: assumed.has('identifiability') },
      cb: {
        value: cb,
        confidentiality: {
          value: cbConfidentiality,
          answer: confidentiality,
          assumed: assumed.has('confidentiality') || (confidentiality !== c.confidentiality && assumed.has('exfiltration')) || (confidentialityLost && assumed.has('unintelligible')),
          ...(confidentialityNote ? { note: confidentialityNote } : {}),
        },
        integrity: { value: cbIntegrity, answer: c.integrity, assumed: assumed.has('integrity') },
        availability: { value: cbAvailability, answer: c.availability, assumed: assumed.has('availability') },
        maliciousIntent: { value: cbMalicious, answer: c.maliciousIntent, assumed: assumed.has('maliciousIntent') },
      },
    },
  };

  const exposed = {
    confidentiality: confidentialityLost && !unreadable && !contained,
    integrity: c.integrity !== 'none',
    availability: c.availability === 'temporary' || c.availability === 'unrecoverable',
  };
  const scoreText = `ENISA severity ${band.level.replace('_', ' ')} (SE ${formatScore(score)} = ${dpcValue} × ${ei} + ${formatScore(cb)})`;
  const notifyReasons: Reason[] = [];
  const informReasons: Reason[] = [];

  if (!exposed.confidentiality && !exposed.integrity && !exposed.availability) {
    const why = unreadable ? 'the data taken were unintelligible' : contained ? 'the only recipient was trusted and deleted the data' : 'no data were disclosed, altered or made unavailable';
    notifyReasons.push({ article: ARTICLE.notify, text: `unlikely to result in a risk: ${why}, so nothing reaches the people, whatever the ${scoreText}` });
    return { severity, riskLevel: 'none', notifyReasons, informReasons: noHighRisk(informReasons, unreadable, contained) };
  }

  let riskLevel = RISK_OF_LEVEL[band.level];
  notifyReasons.push({
    article: ARTICLE.notify,
    text: riskLevel === 'none' ? `unlikely to result in a risk: ${scoreText}` : `likely to result in a risk: ${scoreText}`,
  });
  // EDPB case 8: data in the hands of someone who took them on purpose; the controller has no assurance how they will be used.
  if (exposed.confidentiality && c.maliciousIntent && riskLevel === 'none') {
    riskLevel = atLeast(riskLevel, 'risk');
    notifyReasons.push({
      article: ARTICLE.notify,
      text: 'readable data were taken on purpose: further misuse cannot be ruled out, so the breach cannot be held unlikely to result in a risk (EDPB case 8)',
    });
  }
  // EDPB case 2: without a backup the data stay lost or must be rebuilt; that is a risk whatever the score.
  if (exposed.availability && !c.backupAvailable && riskLevel === 'none') {
    riskLevel = atLeast(riskLevel, 'risk');
    notifyReasons.push({ article: ARTICLE.notify, text: 'the data are unavailable and there is no backup to restore them from (EDPB case 2)' });
  }

  if (riskLevel === 'high') {
    informReasons.push({ article: ARTICLE.inform, text: `likely to result in a high risk: ${scoreText}` });
    informReasons.push({
      article: ARTICLE.disproportionate,
      text: 'where telling each person would take disproportionate effort, a public communication or similar measure informs them as effectively instead; that is the officer’s call, recorded as the dataSubjectExemption',
    });
  } else {
    informReasons.push({ article: ARTICLE.inform, text: `no high risk: ${scoreText}` });
    noHighRisk(informReasons, unreadable, contained);
  }
  if (c.restoredWithin && exposed.availability) notifyReasons.push({ article: null, text: `available again within ${c.restoredWithin}${c.backupAvailable ? ', from a backup' : ''}` });
  return { severity, riskLevel, notifyReasons, informReasons };
}

/** Why the people need not be told, adding the Art. 34(3) grounds the facts show. */
function noHighRisk(reasons: Reason[], unreadable: boolean, contained: boolean): Reason[] {
  if (!reasons.length) reasons.push({ article: ARTICLE.inform, text: 'no high risk to the people' });
  if (unreadable) reasons.push({ article: ARTICLE.unintelligible, text: 'the data were unintelligible to anyone not authorised to access them' });
  if (contained) reasons.push({ article: ARTICLE.mitigated, text: 'the recipient’s deletion ensures a high risk is no longer likely to materialise' });
  return reasons;
}

/**
 * The assessment of a breach from what is known of it. Unknown facts lean towards
 * notifying: the answer is judged with each at its most harmful, says which they were,
 * and is provisional while knowing them could still change the recommendation.
 */
export function assessSeverity(facts: SeverityFacts): SeverityAssessment {
  assertConsistentFacts(facts);
  const missing = missingFacts(facts);
  const unknown = new Set<SeverityFact>(missing);
  const worst = judge(complete(facts, 'worst', unknown), unknown);
  const best = judge(complete(facts, 'best', unknown), new Set());
  const provisional = worst.riskLevel !== best.riskLevel;
  const notify = worst.riskLevel !== 'none';
  const notifyReasons = [...worst.notifyReasons];
  if (provisional) {
    notifyReasons.push({ article: null, text: `still unknown: ${missing.join(', ')}; assumed at their most harmful until known, which leans towards notifying` });
  }
  if (!notify) notifyReasons.push({ article: ARTICLE.document, text: 'document the breach, its effects and the remedial action, with this reasoning for not notifying' });
  return {
    severity: worst.severity,
    recommendation: {
      riskLevel: worst.riskLevel,
      notifyAuthority: { recommended: notify, reasons: notifyReasons },
      informDataSubjects: { recommended: worst.riskLevel === 'high', reasons: worst.informReasons },
      documentOnly: !notify,
      provisional,
    },
    missing,
  };
}

/**
 * Where the officer's decision "departs" from a recommendation: it does less than the
 * recommendation asks — says `none` where the AP should be notified (Art. 33(1)), or
 * stays below `high` where the people should be told (Art. 34(1)). A `high` with an Art.
 * 34(3) ground does not depart: the ground is the law's own exception, recorded with its
 * justification. Doing more than recommended never departs: notifying is always allowed.
 * Each departure needs the officer's reason in the register.
 */
export function departures(recommendation: { notifyAuthority: boolean; informDataSubjects: boolean }, decision: RiskLevel): string[] {
  const found: string[] = [];
  if (recommendation.notifyAuthority && decision === 'none') found.push('the recommendation is to notify the AP (Art. 33(1)); the decision is none');
  if (recommendation.informDataSubjects && decision !== 'high') found.push(`the recommendation is to inform the data subjects (Art. 34(1)); the decision is ${decision}`);
  return found;
}
