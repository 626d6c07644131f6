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

/** What an agreement must state under Art. 28(3) and, as recorded, does not. */
export function agreementGaps(agreement: AgreementContents): AgreementGap[] {
  const gaps: AgreementGap[] = OBLIGATION_KEYS.filter((key) => agreement.obligations[key]?.covered !== true).map((key) => ({
    obligation: key,
    description: OBLIGATION_DESCRIPTIONS[key],
  }));
  if (!agreement.subjectMatter?.trim()) gaps.push({ obligation: 'subjectMatter', description: REQUIRED_PARTICULARS.subjectMatter });
  if (!agreement.natureOfProcessing?.trim()) gaps.push({ obligation: 'natureOfProcessing', description: REQUIRED_PARTICULARS.natureOfProcessing });
  for (const list of ['purposes', 'dataCategories', 'dataSubjectCategories'] as const) {
    if (agreement[list].length === 0) gaps.push({ obligation: list, description: REQUIRED_PARTICULARS[list] });
  }
  return gaps;
}

/** The full checklist a–h, with the unrecorded ones as not covered. */
export function completeChecklist(obligations: ObligationChecklist): Required<ObligationChecklist> {
  return Object.fromEntries(OBLIGATION_KEYS.map((key) => [key, { covered: obligations[key]?.covered === true, clauseRef: obligations[key]?.clauseRef ?? null }])) as Required<ObligationChecklist>;
}
