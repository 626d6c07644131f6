import { ApiProperty } from '@nestjs/swagger';
import { ApiInstant, ApiText, ApiTexts } from '../common/api-docs.decorator';
import { Language } from '../common/language';
import { formatAmsterdam } from '../common/time';
import { Answer, AuthorityDraftPlan, CodeSet, DraftParty, FORM_SECTIONS, FormSection, REPORT_TYPE_FIELDS, REPORT_TYPES, ReportType } from './authority-draft';

type Questions = { [S in FormSection]: Record<(typeof FORM_SECTIONS)[S][number], string> } & { reportType: Record<(typeof REPORT_TYPE_FIELDS)[number], string> };

/** Everything the draft says in words, per language; the answers stay the same. */
export interface DraftTexts {
  title: string;
  generatedAt: string;
  /** Art. 33(4): what the record does not know yet. */
  toFollow: string;
  none: string;
  notApplicable: string;
  yes: string;
  no: string;
  kvk: string;
  approx: string;
  numbers: string;
  sections: Record<FormSection | 'reportType', string>;
  questions: Questions;
  codes: Record<CodeSet, Record<string, string>>;
  partyRole: Record<NonNullable<DraftParty['role']>, string>;
}

const DUTCH: DraftTexts = {
  title: 'Concept melding datalek aan de Autoriteit Persoonsgegevens',
  generatedAt: 'Opgesteld op',
  toFollow: 'volgt',
  none: 'geen',
  notApplicable: 'n.v.t.',
  yes: 'ja',
  no: 'nee',
  kvk: 'KvK',
  approx: 'ongeveer',
  numbers: 'nl-NL',
  sections: {
    reportType: 'Soort melding',
    organisation: 'Organisatie',
    reporter: 'Melder',
    contact: 'Functionaris gegevensbescherming of contactpersoon',
    otherOrganisations: 'Andere betrokken organisaties',
    timeline: 'Tijdlijn',
    summary: 'Samenvatting',
    nature: 'Aard van de inbreuk',
    incidentType: 'Soort incident',
    personalData: 'Soort persoonsgegevens',
    numbers: 'Aantallen',
    people: 'Betrokkenen',
    unintelligible: 'Versleuteling',
    consequences: 'Gevolgen',
    informingPeople: 'Informeren van betrokkenen',
    measures: 'Maatregelen',
    crossBorder: 'Grensoverschrijdend en andere toezichthouders',
  },
  questions: {
    reportType: { type: 'Soort melding', previousNotifiedAt: 'Eerdere melding gedaan op', previousReference: 'Meldnummer eerdere melding', withdrawalReason: 'Reden van intrekking' },
    organisation: { role: 'Rol van de organisatie', organisations: 'Melding namens' },
    reporter: { name: 'Naam', function: 'Functie', phone: 'Telefoonnummer', email: 'E-mailadres' },
    contact: { name: 'Naam', email: 'E-mailadres', isDpo: 'Is dit de functionaris gegevensbescherming (FG)?' },
    otherOrganisations: { involved: 'Betrokken organisaties (verwerker, subverwerker)' },
    timeline: {
      startedAt: 'Begin van de inbreuk',
      endedAt: 'Einde van de inbreuk',
      ongoing: 'Is de inbreuk nog gaande?',
      discoveredAt: 'Ontdekt op',
      lateReason: 'Reden van melding na meer dan 72 uur',
    },
    summary: { title: 'Titel', description: 'Samenvatting van het incident' },
    nature: { whatHappened: 'Wat is er met de persoonsgegevens gebeurd?' },
    incidentType: { causes: 'Soort incident', detection: 'Hoe is de inbreuk ontdekt?' },
    personalData: { kinds: 'Soorten persoonsgegevens', categories: 'Omschrijving van de gegevens', specialCategories: 'Bijzondere persoonsgegevens' },
    numbers: { records: 'Aantal records (minimum–maximum)', people: 'Aantal betrokkenen (minimum–maximum)' },
    people: { groups: 'Groepen betrokkenen', vulnerableGroups: 'Kwetsbare groepen' },
    unintelligible: {
      encryptedOrHashed: 'Waren de gegevens versleuteld of gehasht?',
      unintelligible: 'Waren de gegevens onbegrijpelijk of ontoegankelijk voor onbevoegden (sleutel niet gelekt)?',
    },
    consequences: {
      confidentiality: 'Gevolgen voor de vertrouwelijkheid',
      integrity: 'Gevolgen voor de integriteit',
      availability: 'Gevolgen voor de beschikbaarheid',
      expectedHarm: 'Verwachte schade voor de betrokkenen',
      description: 'Mogelijke gevolgen voor de betrokkenen',
    },
    informingPeople: {
      informing: 'Zijn de betrokkenen geïnformeerd?',
      informedAt: 'Wanneer',
      channel: 'Hoe',
      message: 'Tekst van het bericht',
      plannedBy: 'Uiterlijk op',
      notInformedBecause: 'Waarom niet',
    },
    measures: { taken: 'Genomen maatregelen', planned: 'Voorgenomen maatregelen' },
    crossBorder: { otherCountries: 'Zijn er betrokkenen in andere EU-landen?', countries: 'Welke landen', otherAuthorities: 'Andere toezichthouders of instanties ingelicht' },
  },
  codes: {
    reportType: { new: 'nieuwe melding', follow_up: 'vervolgmelding (aanvulling of wijziging)', withdrawal: 'intrekking van de melding' },
    organisationRole: {
      controller: 'verwerkingsverantwoordelijke',
      processor: 'verwerker: elke getroffen verwerkingsverantwoordelijke meldt zelf, met deze gegevens van de verwerker',
    },
    dataOperation: { reading: 'lezen', copying: 'kopiëren', altering: 'veranderen', deleting_or_destroying: 'verwijderen of vernietigen', theft: 'diefstal' },
    cause: {
      hacking: 'hacking',
      malware: 'malware (bijvoorbeeld ransomware)',
      phishing: 'phishing',
      lost_or_stolen_device: 'apparaat verloren of gestolen',
      lost_or_stolen_paper: 'papieren verloren of gestolen',
      misdirected_email: 'e-mail naar de verkeerde ontvanger',
      misdirected_post: 'post naar de verkeerde ontvanger',
      disclosed_by_mistake: 'per ongeluk verstrekt of openbaar gemaakt',
      other: 'anders (zie samenvatting)',
    },
    personalDataKind: {
      name: 'naam',
      address: 'adres',
      phone: 'telefoonnummer',
      email: 'e-mailadres',
      access_or_identification: 'toegangs- of identificatiegegevens',
      financial: 'financiële gegevens',
      bsn: 'burgerservicenummer (BSN)',
      identity_document_copy: 'kopie identiteitsbewijs',
      sex_birthdate_age: 'geslacht, geboortedatum of leeftijd',
      special_categories: 'bijzondere persoonsgegevens',
      criminal: 'strafrechtelijke gegevens',
      other: 'overige gegevens',
    },
    harm: { physical: 'lichamelijke schade', material: 'materiële schade', non_material: 'immateriële schade' },
    informing: { informed: 'ja', publicly_informed: 'ja, met een openbare mededeling (art. 34 lid 3 onder c AVG)', will_be_informed: 'nog niet, dat gebeurt nog', not_informed: 'nee' },
    notInformedBecause: {
      encrypted: 'de gegevens waren onbegrijpelijk voor onbevoegden (art. 34 lid 3 onder a AVG)',
      mitigated: 'latere maatregelen hebben het hoge risico weggenomen (art. 34 lid 3 onder b AVG)',
      disproportionate_effort: 'ieder afzonderlijk informeren vergt onevenredige inspanning; in plaats daarvan een openbare mededeling (art. 34 lid 3 onder c AVG)',
      no_high_risk: 'geen hoog risico voor de betrokkenen (art. 34 lid 1 AVG)',
    },
  },
  partyRole: { processor: 'verwerker', sub_processor: 'subverwerker' },
};

const ENGLISH: DraftTexts = {
  title: 'Draft personal data breach notification to the Autoriteit Persoonsgegevens',
  generatedAt: 'Drawn up',
  toFollow: 'to follow',
  none: 'none',
  notApplicable: 'not applicable',
  yes: 'yes',
  no: 'no',
  kvk: 'Chamber of Commerce no.',
  approx: 'approximately',
  numbers: 'en-GB',
  sections: {
    reportType: 'Type of report',
    organisation: 'Organisation',
    reporter: 'Reporter',
    contact: 'Data protection officer or contact point',
    otherOrganisations: 'Other organisations involved',
    timeline: 'Timeline',
    summary: 'Summary',
    nature: 'Nature of the breach',
    incidentType: 'Type of incident',
    personalData: 'Kinds of personal data',
    numbers: 'Numbers',
    people: 'People affected',
    unintelligible: 'Encryption',
    consequences: 'Consequences',
    informingPeople: 'Informing the people affected',
    measures: 'Measures',
    crossBorder: 'Cross-border and other authorities',
  },
  questions: {
    reportType: { type: 'Type of report', previousNotifiedAt: 'Earlier notification made', previousReference: 'Reference of the earlier notification', withdrawalReason: 'Reason for withdrawal' },
    organisation: { role: 'Role of the organisation', organisations: 'Notification on behalf of' },
    reporter: { name: 'Name', function: 'Function', phone: 'Phone', email: 'E-mail' },
    contact: { name: 'Name', email: 'E-mail', isDpo: 'Is this the data protection officer (DPO)?' },
    otherOrganisations: { involved: 'Organisations involved (processor, sub-processor)' },
    timeline: {
      startedAt: 'Start of the breach',
      endedAt: 'End of the breach',
      ongoing: 'Is the breach still ongoing?',
      discoveredAt: 'Discovered',
      lateReason: 'Reason for notifying after more than 72 hours',
    },
    summary: { title: 'Title', description: 'Summary of the incident' },
    nature: { whatHappened: 'What happened to the personal data?' },
    incidentType: { causes: 'Type of incident', detection: 'How was the breach discovered?' },
    personalData: { kinds: 'Kinds of personal data', categories: 'Description of the data', specialCategories: 'Special categories of personal data' },
    numbers: { records: 'Number of records (minimum–maximum)', people: 'Number of people affected (minimum–maximum)' },
    people: { groups: 'Groups of people', vulnerableGroups: 'Vulnerable groups' },
    unintelligible: { encryptedOrHashed: 'Were the data encrypted or hashed?', unintelligible: 'Were the data unintelligible or inaccessible to anyone not authorised (key not compromised)?' },
    consequences: {
      confidentiality: 'Consequences for confidentiality',
      integrity: 'Consequences for integrity',
      availability: 'Consequences for availability',
      expectedHarm: 'Expected harm to the people affected',
      description: 'Likely consequences for the people affected',
    },
    informingPeople: { informing: 'Have the people affected been informed?', informedAt: 'When', channel: 'How', message: 'Text of the message', plannedBy: 'By', notInformedBecause: 'Why not' },
    measures: { taken: 'Measures taken', planned: 'Measures planned' },
    crossBorder: { otherCountries: 'Are people in other EU countries affected?', countries: 'Which countries', otherAuthorities: 'Other supervisory authorities or bodies informed' },
  },
  codes: {
    reportType: { new: 'new notification', follow_up: 'follow-up (supplement or change)', withdrawal: 'withdrawal of the notification' },
    organisationRole: { controller: 'controller', processor: 'processor: each affected controller notifies itself, with these details from its processor' },
    dataOperation: { reading: 'reading', copying: 'copying', altering: 'altering', deleting_or_destroying: 'deleting or destroying', theft: 'theft' },
    cause: {
      hacking: 'hacking',
      malware: 'malware (e.g. ransomware)',
      phishing: 'phishing',
      lost_or_stolen_device: 'device lost or stolen',
      lost_or_stolen_paper: 'paper lost or stolen',
      misdirected_email: 'e-mail to the wrong recipient',
      misdirected_post: 'post to the wrong recipient',
      disclosed_by_mistake: 'disclosed or published by mistake',
      other: 'other (see summary)',
    },
    personalDataKind: {
      name: 'name',
      address: 'address',
      phone: 'phone number',
      email: 'e-mail address',
      access_or_identification: 'access or identification data',
      financial: 'financial data',
      bsn: 'citizen service number (BSN)',
      identity_document_copy: 'copy of an identity document',
      sex_birthdate_age: 'sex, date of birth or age',
      special_categories: 'special categories of personal data',
      criminal: 'criminal data',
      other: 'other data',
    },
    harm: { physical: 'physical harm', material: 'material harm', non_material: 'non-material harm' },
    informing: { informed: 'yes', publicly_informed: 'yes, by a public communication (Art. 34(3)(c) GDPR)', will_be_informed: 'not yet, they will be', not_informed: 'no' },
    notInformedBecause: {
      encrypted: 'the data were unintelligible to anyone not authorised (Art. 34(3)(a) GDPR)',
      mitigated: 'later measures removed the high risk (Art. 34(3)(b) GDPR)',
      disproportionate_effort: 'informing each would take disproportionate effort; a public communication instead (Art. 34(3)(c) GDPR)',
      no_high_risk: 'no high risk to the people affected (Art. 34(1) GDPR)',
    },
  },
  partyRole: { processor: 'processor', sub_processor: 'sub-processor' },
};

export function draftTexts(language: Language): DraftTexts {
  return language === 'en' ? ENGLISH : DUTCH;
}

function party(p: DraftParty, t: DraftTexts): string {
  const details = [p.service, p.country, p.kvkNumber ? `${t.kvk} ${p.kvkNumber}` : null].filter(Boolean).join(', ');
  return `${p.name}${p.role ? ` (${t.partyRole[p.role]})` : ''}${details ? `, ${details}` : ''}`;
}

/** One answer as text to paste: "volgt" when not known yet, "geen" for an empty list. */
export function answerText(a: Answer, t: DraftTexts): string {
  if (a.t === 'not_applicable') return t.notApplicable;
  if (a.v === null) return t.toFollow;
  const list = (items: string[]) => (items.length ? items.join('; ') : t.none);
  const number = (n: number) => n.toLocaleString(t.numbers);
  switch (a.t) {
    case 'text':
      return a.v;
    case 'texts':
      return list(a.v);
    case 'code':
      return t.codes[a.set][a.v] ?? a.v;
    case 'codes':
      return list(a.v.map((code) => t.codes[a.set][code] ?? code));
    case 'instant':
      return formatAmsterdam(new Date(a.v));
    case 'yesNo':
      return a.v ? t.yes : t.no;
    case 'count':
      return 'approx' in a.v ? `${t.approx} ${number(a.v.approx)}` : a.v.min === a.v.max ? number(a.v.min) : `${number(a.v.min)}–${number(a.v.max)}`;
    case 'parties':
      return list(a.v.map((p) => party(p, t)));
    case 'reason':
      return `${t.codes[a.set][a.code] ?? a.code}${a.v ? `: ${a.v}` : ''}`;
  }
}

export class DraftAnswerView {
  @ApiText() key: string;
  @ApiText() question: string;
  @ApiText() answer: string;
  @ApiProperty({ description: 'the record does not know it yet (Art. 33(4))' }) toFollow: boolean;
}

export class DraftSectionView {
  @ApiText({ enum: [...Object.keys(FORM_SECTIONS), 'reportType'] }) key: FormSection | 'reportType';
  @ApiText() title: string;
  @ApiProperty({ type: [DraftAnswerView] }) answers: DraftAnswerView[];
}

/** The draft as the API answers it and the PDF prints it. */
export class AuthorityDraftView {
  @ApiText({ enum: ['nl', 'en'] }) language: Language;
  @ApiText() title: string;
  @ApiText({ enum: REPORT_TYPES }) reportType: ReportType;
  @ApiText() incidentTitle: string;
  @ApiInstant() generatedAt: string;
  @ApiProperty({ type: [DraftSectionView] }) sections: DraftSectionView[];
  @ApiTexts({ description: '`section.question` of every answer still to follow in the whole form (Art. 33(4))' }) toFollow: string[];
}

export function localiseDraft(plan: AuthorityDraftPlan, language: Language, incidentTitle: string, generatedAt: Date): AuthorityDraftView {
  const t = draftTexts(language);
  const section = (key: FormSection | 'reportType', answers: [string, Answer][]): DraftSectionView => ({
    key,
    title: t.sections[key],
    answers: answers.map(([q, a]) => ({
      key: q,
      question: (t.questions[key] as Record<string, string>)[q],
      answer: answerText(a, t),
      toFollow: a.t !== 'not_applicable' && a.v === null,
    })),
  });
  return {
    language,
    title: t.title,
    reportType: plan.type,
    incidentTitle,
    generatedAt: generatedAt.toISOString(),
    sections: [section('reportType', Object.entries(plan.reportType)), ...plan.sections.map((s) => section(s.key, s.answers))],
    toFollow: plan.toFollow,
  };
}
