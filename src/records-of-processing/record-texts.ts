import { DateTime } from 'luxon';
import { Language } from '../common/language';
import { formatAmsterdamDate, LEGAL_ZONE } from '../common/time';
import type { RecordScope, Safeguard } from './record-content';

type SafeguardFacts = Omit<Safeguard, 'description'>;

export type RecordLabel =
  | 'processor'
  | 'author'
  | 'generatedAt'
  | 'period'
  | 'kvk'
  | 'country'
  | 'contact'
  | 'dpo'
  | 'securityMeasures'
  | 'controllers'
  | 'controller'
  | 'agreements'
  | 'purposes'
  | 'dataCategories'
  | 'dataSubjectCategories'
  | 'specialCategories'
  | 'transfers'
  | 'none'
  | 'noControllers'
  | 'page';

/** Everything the record says in words, per language; the facts stay the same. */
export interface RecordTexts {
  title: string;
  /** The Art. 30(2) points each part answers, for the reader who checks the record against the law. */
  headings: Record<'processor' | 'securityMeasures' | 'controllers', string>;
  labels: Record<RecordLabel, string>;
  /** The CSV's header row, one per column of `recordCsvRow`. */
  csvHeader: string[];
  scope(scope: RecordScope): string;
  safeguard(s: SafeguardFacts): string;
  countryName(code: string): string;
  /** An instant as Amsterdam wall time. */
  instant(at: Date): string;
}

const wallTime = (at: Date) => `${DateTime.fromJSDate(at, { zone: LEGAL_ZONE }).toFormat('dd-LL-yyyy HH:mm')} (${LEGAL_ZONE})`;
const regionNames = { nl: new Intl.DisplayNames(['nl'], { type: 'region' }), en: new Intl.DisplayNames(['en'], { type: 'region' }) };

const DUTCH: RecordTexts = {
  title: 'Register van verwerkingsactiviteiten van de verwerker (art. 30 lid 2 AVG)',
  headings: {
    processor: 'Verwerker en functionaris gegevensbescherming (art. 30 lid 2 onder a)',
    securityMeasures: 'Technische en organisatorische beveiligingsmaatregelen (art. 30 lid 2 onder d, art. 32 lid 1)',
    controllers: 'Verwerkingsverantwoordelijken, categorieën van verwerkingen en doorgiften (art. 30 lid 2 onder a, b en c)',
  },
  labels: {
    processor: 'Verwerker',
    author: 'Opgesteld door',
    generatedAt: 'Opgemaakt op',
    period: 'Periode',
    kvk: 'KvK',
    country: 'Land',
    contact: 'Contact',
    dpo: 'FG',
    securityMeasures: 'Beveiligingsmaatregelen',
    controllers: 'Verwerkingsverantwoordelijken',
    controller: 'Verwerkingsverantwoordelijke',
    agreements: 'Verwerkersovereenkomsten',
    purposes: 'Doeleinden',
    dataCategories: 'Categorieën persoonsgegevens',
    dataSubjectCategories: 'Categorieën betrokkenen',
    specialCategories: 'Bijzondere persoonsgegevens',
    transfers: 'Doorgiften naar derde landen',
    none: 'geen',
    noControllers: 'Geen verwerkingen voor verwerkingsverantwoordelijken in deze periode.',
    page: 'Pagina',
  },
  csvHeader: [
    'Opgemaakt op',
    'Periode',
    'Verwerker',
    'Verwerker KvK',
    'Verwerker land',
    'Verwerker e-mail',
    'Verwerker FG naam',
    'Verwerker FG e-mail',
    'Beveiligingsmaatregelen',
    'Verwerkingsverantwoordelijke',
    'Verwerkingsverantwoordelijke KvK',
    'Verwerkingsverantwoordelijke land',
    'Verwerkingsverantwoordelijke e-mail',
    'Verwerkingsverantwoordelijke FG naam',
    'Verwerkingsverantwoordelijke FG e-mail',
    'Verwerkersovereenkomsten',
    'Doeleinden',
    'Categorieën persoonsgegevens',
    'Categorieën betrokkenen',
    'Bijzondere persoonsgegevens',
    'Doorgiften naar derde landen',
  ],
  scope: (s) => ('at' in s ? `in werking op ${wallTime(s.at)}` : `in werking tussen ${wallTime(s.from)} en ${wallTime(s.to)}`),
  safeguard(s) {
    const basis = (() => {
      switch (s.mechanism) {
        case null:
          return 'geen doorgiftemechanisme vastgelegd';
        case 'adequacy':
          return (
            `adequaatheidsbesluit (art. 45 AVG): ${s.adequacyDecision?.reference ?? 'geen besluit voor dit land'}` +
            (s.dpfCertified ? `; gecertificeerd onder het EU-VS Data Privacy Framework, gecontroleerd op ${s.dpfCheckedAt ? formatAmsterdamDate(s.dpfCheckedAt) : '—'}` : '')
          );
        case 'scc':
          return `standaardcontractbepalingen (art. 46 lid 2 onder c AVG), Uitvoeringsbesluit (EU) ${s.sccVersion ?? '—'}, module ${s.sccModule ?? '—'}`;
        case 'bcr':
          return 'bindende bedrijfsvoorschriften (art. 47 AVG)';
        case 'derogation':
          return `afwijking voor een specifieke situatie (art. 49 AVG): ${s.derogationJustification ?? '—'}`;
      }
    })();
    // The rule's reason is the API's (English); the Dutch record says what it means for the transfer.
    return s.issue ? `${basis} — ONVOLLEDIG: deze waarborg voldoet niet aan hoofdstuk V AVG zoals vastgelegd` : basis;
  },
  countryName: (code) => regionNames.nl.of(code) ?? code,
  instant: wallTime,
};

const ENGLISH: RecordTexts = {
  title: 'Record of processing activities of the processor (Art. 30(2) GDPR)',
  headings: {
    processor: 'Processor and data protection officer (Art. 30(2)(a))',
    securityMeasures: 'Technical and organisational security measures (Art. 30(2)(d), Art. 32(1))',
    controllers: 'Controllers, categories of processing and transfers (Art. 30(2)(a), (b) and (c))',
  },
  labels: {
    processor: 'Processor',
    author: 'Kept by',
    generatedAt: 'Generated at',
    period: 'Period',
    kvk: 'Chamber of Commerce no.',
    country: 'Country',
    contact: 'Contact',
    dpo: 'DPO',
    securityMeasures: 'Security measures',
    controllers: 'Controllers',
    controller: 'Controller',
    agreements: 'Processor agreements',
    purposes: 'Purposes',
    dataCategories: 'Categories of personal data',
    dataSubjectCategories: 'Categories of data subjects',
    specialCategories: 'Special categories of personal data',
    transfers: 'Transfers to third countries',
    none: 'none',
    noControllers: 'No processing on behalf of controllers in this period.',
    page: 'Page',
  },
  csvHeader: [
    'Generated at',
    'Period',
    'Processor',
    'Processor Chamber of Commerce no.',
    'Processor country',
    'Processor e-mail',
    'Processor DPO name',
    'Processor DPO e-mail',
    'Security measures',
    'Controller',
    'Controller Chamber of Commerce no.',
    'Controller country',
    'Controller e-mail',
    'Controller DPO name',
    'Controller DPO e-mail',
    'Processor agreements',
    'Purposes',
    'Categories of personal data',
    'Categories of data subjects',
    'Special categories of personal data',
    'Transfers to third countries',
  ],
  scope: (s) => ('at' in s ? `in force at ${wallTime(s.at)}` : `in force between ${wallTime(s.from)} and ${wallTime(s.to)}`),
  safeguard(s) {
    const basis = (() => {
      switch (s.mechanism) {
        case null:
          return 'no transfer mechanism documented';
        case 'adequacy':
          return (
            `adequacy decision (Art. 45 GDPR): ${s.adequacyDecision?.reference ?? 'no decision for this country'}` +
            (s.dpfCertified ? `; certified under the EU–US Data Privacy Framework, checked on ${s.dpfCheckedAt ? formatAmsterdamDate(s.dpfCheckedAt) : '—'}` : '')
          );
        case 'scc':
          return `standard contractual clauses (Art. 46(2)(c) GDPR), Implementing Decision (EU) ${s.sccVersion ?? '—'}, module ${s.sccModule ?? '—'}`;
        case 'bcr':
          return 'binding corporate rules (Art. 47 GDPR)';
        case 'derogation':
          return `derogation for a specific situation (Art. 49 GDPR): ${s.derogationJustification ?? '—'}`;
      }
    })();
    return s.issue ? `${basis} — INCOMPLETE: ${s.issue}` : basis;
  },
  countryName: (code) => regionNames.en.of(code) ?? code,
  instant: wallTime,
};

export function recordTexts(language: Language): RecordTexts {
  return language === 'en' ? ENGLISH : DUTCH;
}
