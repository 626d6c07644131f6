/**
 * The European Commission's adequacy decisions (Art. 45 GDPR, and Art. 25(6) of Directive
 * 95/46/EC for the older ones, which stay in force under Art. 45(9)): the third countries
 * to which personal data may go without SCCs, BCRs or a derogation. The one list the
 * service checks `transferMechanism: "adequacy"` against; when the Commission adopts,
 * amends or repeals a decision, this is the file to change.
 *
 * Where a decision covers only part of a country, `scope` says which part. The United
 * States' decision covers only organisations certified under the EU–US Data Privacy
 * Framework, which is checked per organisation (`onlyCertifiedOrganisations`).
 */
export interface AdequacyDecision {
  /** ISO 3166-1 alpha-2. */
  country: string;
  name: string;
  /** The decision as the Official Journal cites it. */
  reference: string;
  /** The day the Commission adopted it (YYYY-MM-DD). */
  adoptedOn: string;
  scope?: string;
  /** Covers only organisations that certified themselves under a framework the decision names. */
  onlyCertifiedOrganisations?: true;
}

export const ADEQUACY_DECISIONS: readonly AdequacyDecision[] = [
  { country: 'AD', name: 'Andorra', reference: 'Commission Decision 2010/625/EU', adoptedOn: '2010-10-19' },
  { country: 'AR', name: 'Argentina', reference: 'Commission Decision 2003/490/EC', adoptedOn: '2003-06-30' },
  { country: 'BR', name: 'Brazil', reference: 'Commission Implementing Decision (EU) 2026/179', adoptedOn: '2026-01-26' },
  {
    country: 'CA',
    name: 'Canada',
    reference: 'Commission Decision 2002/2/EC',
    adoptedOn: '2001-12-20',
    scope: 'commercial organisations subject to the Personal Information Protection and Electronic Documents Act (PIPEDA)',
  },
  { country: 'CH', name: 'Switzerland', reference: 'Commission Decision 2000/518/EC', adoptedOn: '2000-07-26' },
  { country: 'FO', name: 'Faroe Islands', reference: 'Commission Decision 2010/146/EU', adoptedOn: '2010-03-05' },
  {
    country: 'GB',
    name: 'United Kingdom',
    reference: 'Commission Implementing Decision (EU) 2021/1772, renewed on 19 December 2025 until 27 December 2031',
    adoptedOn: '2021-06-28',
  },
  { country: 'GG', name: 'Guernsey', reference: 'Commission Decision 2003/821/EC', adoptedOn: '2003-11-21' },
  { country: 'IL', name: 'Israel', reference: 'Commission Decision 2011/61/EU', adoptedOn: '2011-01-31' },
  { country: 'IM', name: 'Isle of Man', reference: 'Commission Decision 2004/411/EC', adoptedOn: '2004-04-28' },
  { country: 'JE', name: 'Jersey', reference: 'Commission Decision 2008/393/EC', adoptedOn: '2008-05-08' },
  { country: 'JP', name: 'Japan', reference: 'Commission Implementing Decision (EU) 2019/419', adoptedOn: '2019-01-23' },
  { country: 'KR', name: 'Republic of Korea', reference: 'Commission Implementing Decision (EU) 2022/254', adoptedOn: '2021-12-17' },
  { country: 'NZ', name: 'New Zealand', reference: 'Commission Implementing Decision 2013/65/EU', adoptedOn: '2012-12-19' },
  {
    country: 'US',
    name: 'United States',
    reference: 'Commission Implementing Decision (EU) 2023/1795 (EU–US Data Privacy Framework)',
    adoptedOn: '2023-07-10',
    scope: 'organisations certified under the EU–US Data Privacy Framework',
    onlyCertifiedOrganisations: true,
  },
  { country: 'UY', name: 'Uruguay', reference: 'Commission Implementing Decision 2012/484/EU', adoptedOn: '2012-08-21' },
];

const BY_COUNTRY = new Map(ADEQUACY_DECISIONS.map((d) => [d.country, d]));

export function adequacyDecisionFor(country: string): AdequacyDecision | undefined {
  return BY_COUNTRY.get(country.toUpperCase());
}
