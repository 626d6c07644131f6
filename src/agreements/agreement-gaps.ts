import { OBLIGATION_KEYS, ObligationChecklist, ObligationKey } from './processing-agreement.entity';

/** What Art. 28(3) asks of each obligation, in words an officer recognises from the document. */
export const OBLIGATION_DESCRIPTIONS: Record<ObligationKey, string> = {
  a: 'process the personal data only on documented instructions from the controller',
  b: 'ensure that persons authorised to process the data are bound to confidentiality',
  c: 'take the security measures required by Art. 32',
  d: 'respect the conditions for engaging another processor (sub-processor)',
  e: 'assist the controller in answering data subject requests',
  f: 'assist with security, breach notification, DPIA and prior consultation (Art. 32-36)',
  g: 'delete or return all personal data at the end of the services',
  h: 'make available all information needed to demonstrate compliance and allow for audits',
};

/** The descriptive parts of Art. 28(3) that live outside the a–h list. */
const REQUIRED_PARTICULARS = {
  subjectMatter: 'the subject matter of the processing',
  natureOfProcessing: 'the nature of the processing',
  purposes: 'the purpose of the processing',
  dataCategories: 'the type of personal data',
  dataSubjectCategories: 'the categories of data subjects',
} as const;

export interface AgreementGap {
  obligation: ObligationKey | keyof typeof REQUIRED_PARTICULARS;
  description: string;
}

export interface AgreementContents {
  obligations: ObligationChecklist;
  subjectMatter: string | null;
  natureOfProcessing: string | null;
  purposes: string[];
  dataCategories: string[];
  dataSubjectCategories: string[];
}

/**
 * What counts as blank: the whitespace JavaScript's `trim` removes, spelled out so the
 * rule reads the same in Postgres (a regular expression there, agreement-gaps.e2e-spec
 * proves the two agree).
 */
const BLANK = '^[ \\t\\n\\v\\f\\r\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*$';
const blank = new RegExp(BLANK);
const isBlank = (text: string | null) => text === null || blank.test(text);

/** What an agreement must state under Art. 28(3) and, as recorded, does not. */
export function agreementGaps(agreement: AgreementContents): AgreementGap[] {
  const gaps: AgreementGap[] = OBLIGATION_KEYS.filter((key) => agreement.obligations[key]?.covered !== true).map((key) => ({
    obligation: key,
    description: OBLIGATION_DESCRIPTIONS[key],
  }));
  if (isBlank(agreement.subjectMatter)) gaps.push({ obligation: 'subjectMatter', description: REQUIRED_PARTICULARS.subjectMatter });
  if (isBlank(agreement.natureOfProcessing)) gaps.push({ obligation: 'natureOfProcessing', description: REQUIRED_PARTICULARS.natureOfProcessing });
  for (const list of ['purposes', 'dataCategories', 'dataSubjectCategories'] as const) {
    if (agreement[list].length === 0) gaps.push({ obligation: list, description: REQUIRED_PARTICULARS[list] });
  }
  return gaps;
}

export const GAP_KEYS: AgreementGap['obligation'][] = [...OBLIGATION_KEYS, 'subjectMatter', 'natureOfProcessing', 'purposes', 'dataCategories', 'dataSubjectCategories'];

export function gapDescription(gap: AgreementGap['obligation']): string {
  return gap in OBLIGATION_DESCRIPTIONS ? OBLIGATION_DESCRIPTIONS[gap as ObligationKey] : REQUIRED_PARTICULARS[gap as keyof typeof REQUIRED_PARTICULARS];
}

/**
 * SQL twin of agreementGaps: the gaps' keys as a text[], in the same order. Over `alias`, or
 * over the table's own columns (null): the expression Postgres keeps `processing_agreements.gaps`
 * up to date with (a stored generated column; agreement-gaps.e2e-spec proves the migrated column
 * is this expression, so a change here needs a migration that generates the column anew).
 */
export function agreementGapsSql(alias: string | null): string {
  const column = (name: string) => (alias === null ? name : `${alias}.${name}`);
  const blankSql = (name: string) => `(${column(name)} IS NULL OR ${column(name)} ~ '${BLANK}')`;
  const missing = [
    ...OBLIGATION_KEYS.map((key) => [`(${column('obligations')} -> '${key}' -> 'covered') IS DISTINCT FROM 'true'::jsonb`, key]),
    [blankSql('subject_matter'), 'subjectMatter'],
    [blankSql('nature_of_processing'), 'natureOfProcessing'],
    [`cardinality(${column('purposes')}) = 0`, 'purposes'],
    [`cardinality(${column('data_categories')}) = 0`, 'dataCategories'],
    [`cardinality(${column('data_subject_categories')}) = 0`, 'dataSubjectCategories'],
  ];
  return `array_remove(ARRAY[${missing.map(([condition, key]) => `CASE WHEN ${condition} THEN '${key}' END`).join(', ')}]::text[], NULL)`;
}

export interface GapPortfolio<T> {
  agreementsChecked: number;
  agreementsWithGaps: number;
  /** Every obligation and particular, also those no agreement misses, in the order of Art. 28(3). */
  gaps: { obligation: AgreementGap['obligation']; description: string; count: number; agreements: T[] }[];
}

/** The portfolio's gaps: per obligation, how many agreements miss it and which (one pass: a portfolio runs to thousands). */
export function gapPortfolio<T>(agreements: (T & { gaps: string[] })[]): GapPortfolio<Omit<T, 'gaps'>> {
  const missing = new Map<string, Omit<T, 'gaps'>[]>(GAP_KEYS.map((key) => [key, []]));
  let withGaps = 0;
  for (const { gaps, ...agreement } of agreements) {
    if (gaps.length > 0) withGaps++;
    for (const gap of gaps) missing.get(gap)?.push(agreement);
  }
  return {
    agreementsChecked: agreements.length,
    agreementsWithGaps: withGaps,
    gaps: GAP_KEYS.map((key) => {
      const which = missing.get(key)!;
      return { obligation: key, description: gapDescription(key), count: which.length, agreements: which };
    }),
  };
}

/** The full checklist a–h, with the unrecorded ones as not covered. */
export function completeChecklist(obligations: ObligationChecklist): Required<ObligationChecklist> {
  return Object.fromEntries(OBLIGATION_KEYS.map((key) => [key, { covered: obligations[key]?.covered === true, clauseRef: obligations[key]?.clauseRef ?? null }])) as Required<ObligationChecklist>;
}
