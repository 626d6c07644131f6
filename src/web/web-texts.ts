import type { Language } from '../common/language';

/** A page's own words in every language; each view keeps its texts beside it in one of these. */
export type Texts<K extends string> = Record<Language, Record<K, string>>;

/** Words the layout, the error page and several views share. */
export const COMMON_TEXTS = {
  nl: {
    appName: 'Verwerkersregister',
    skip: 'Naar de inhoud',
    mainNav: 'Hoofdmenu',
    signOut: 'Afmelden',
    language: 'Taal',
    signedInAs: 'Aangemeld als',
    error: 'Er ging iets mis',
    back: 'Terug naar Vandaag',
    next: 'Volgende',
    none: 'Geen',
    formErrors: 'Het formulier is niet verwerkt. Verbeter de gemarkeerde velden.',
  },
  en: {
    appName: 'Processor register',
    skip: 'Skip to content',
    mainNav: 'Main menu',
    signOut: 'Sign out',
    language: 'Language',
    signedInAs: 'Signed in as',
    error: 'Something went wrong',
    back: 'Back to Today',
    next: 'Next',
    none: 'None',
    formErrors: 'The form was not saved. Correct the marked fields.',
  },
} satisfies Texts<string>;

const ROLE_NAMES: Texts<'admin' | 'officer' | 'auditor' | 'reporter' | 'system'> = {
  nl: { admin: 'beheerder', officer: 'functionaris', auditor: 'auditor', reporter: 'melder', system: 'systeem' },
  en: { admin: 'administrator', officer: 'officer', auditor: 'auditor', reporter: 'reporter', system: 'system' },
};

export const roleName = (role: keyof (typeof ROLE_NAMES)['nl'], lang: Language) => ROLE_NAMES[lang][role];

const KIND_NAMES: Texts<string> = {
  nl: {
    controller_notification: 'Melding aan verwerkingsverantwoordelijke',
    authority_notification: 'Melding aan de AP',
    data_subject_notification: 'Bericht aan betrokkenen',
    public_communication: 'Openbare mededeling',
    objection_window: 'Bezwaartermijn subverwerker',
    approval_request: 'Toestemming subverwerker',
    contract_end_deletion: 'Verwijderen na einde contract',
    dsr_forward: 'Verzoek doorsturen',
    dsr_response: 'Verzoek beantwoorden',
    dsr_extension_notice: 'Verlenging melden',
  },
  en: {
    controller_notification: 'Notify the controller',
    authority_notification: 'Notify the AP',
    data_subject_notification: 'Inform the data subjects',
    public_communication: 'Public communication',
    objection_window: 'Sub-processor objection period',
    approval_request: 'Sub-processor approval',
    contract_end_deletion: 'Deletion at contract end',
    dsr_forward: 'Forward the request',
    dsr_response: 'Answer the request',
    dsr_extension_notice: 'Notify the extension',
  },
};

/** A deadline kind in words; a kind added later reads as its code until it is named here. */
export const kindName = (kind: string, lang: Language) => KIND_NAMES[lang][kind] ?? kind;

const STATUS_NAMES: Texts<string> = {
  nl: { pending: 'open', met: 'gehaald', met_late: 'te laat gehaald', missed: 'gemist', cancelled: 'vervallen' },
  en: { pending: 'pending', met: 'met', met_late: 'met late', missed: 'missed', cancelled: 'cancelled' },
};

export const deadlineStatusName = (status: string, lang: Language) => STATUS_NAMES[lang][status] ?? status;

const ERROR_TITLES: Texts<string> = {
  nl: {
    400: 'Ongeldig verzoek',
    401: 'Niet aangemeld',
    403: 'Niet toegestaan',
    404: 'Niet gevonden',
    409: 'Conflict met de huidige stand',
    410: 'Gewist',
    413: 'Te groot',
    415: 'Niet ondersteund formaat',
    422: 'Niet toegestaan volgens de regels',
    500: 'Er ging iets mis',
  },
  en: {
    400: 'Bad request',
    401: 'Not signed in',
    403: 'Not allowed',
    404: 'Not found',
    409: 'Conflicts with the current state',
    410: 'Erased',
    413: 'Too large',
    415: 'Unsupported format',
    422: 'Not allowed by the rules',
    500: 'Something went wrong',
  },
};

/** An error page's heading in the reader's language; the detail below it is the API's own message. */
export const errorTitle = (status: number, fallback: string, lang: Language) => ERROR_TITLES[lang][status] ?? fallback;

/** How a form says a refused field: `required` stands for every message of a field left empty. */
export const FIELD_TEXTS = {
  nl: { required: 'Vul dit veld in.' },
  en: { required: 'Fill in this field.' },
} satisfies Texts<string>;

const FILL_IN = FIELD_TEXTS.nl.required;
const CHOOSE_ONE = 'Kies een van de mogelijkheden.';
const CHOOSE_AT_LEAST_ONE = 'Kies of vul er minstens één in.';
const DATE_AND_TIME = 'Vul een geldige datum en tijd in.';

/**
 * class-validator's constraints in Dutch, by constraint name, for every dashboard form; the
 * English pages keep the API's own messages. `n` is the constraint's number (a length, a
 * bound, a count) as a Dutch reader writes it. A constraint not named here reads as the API
 * words it (web-validation.spec.ts checks that the forms' DTOs use none).
 */
export const DUTCH_CONSTRAINTS: Record<string, (n: string) => string> = {
  isDefined: () => FILL_IN,
  isNotEmpty: () => FILL_IN,
  arrayNotEmpty: () => CHOOSE_AT_LEAST_ONE,
  isString: () => 'Vul hier tekst in.',
  minLength: (n) => (n === '1' ? FILL_IN : `Gebruik minstens ${n} tekens.`),
  maxLength: (n) => `Gebruik hoogstens ${n} tekens.`,
  isEmail: () => 'Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.',
  isIn: () => CHOOSE_ONE,
  isUuid: () => CHOOSE_ONE,
  isRegistered: () => CHOOSE_ONE,
  isDate: () => DATE_AND_TIME,
  isInstant: () => DATE_AND_TIME,
  isInt: () => 'Vul een geheel getal in.',
  min: (n) => `Vul ${n} of meer in.`,
  max: (n) => `Vul ${n} of minder in.`,
  isBoolean: () => 'Kies ja of nee.',
  isArray: () => 'Kies of vul een of meer waarden in.',
  arrayMinSize: (n) => (n === '1' ? CHOOSE_AT_LEAST_ONE : `Kies of vul er minstens ${n} in.`),
  arrayMaxSize: (n) => `Kies of vul er hoogstens ${n} in.`,
  arrayUnique: () => 'Noem elke waarde maar één keer.',
  isObject: () => 'Vul dit onderdeel in.',
  nestedValidation: () => 'Vul dit onderdeel in.',
  matches: () => 'Deze waarde heeft niet de verwachte vorm.',
  isCountryCode: () => 'Gebruik landcodes van twee hoofdletters, zoals BE of DE.',
  isUrl: () => 'Vul een volledig webadres in, zoals https://voorbeeld.nl/.',
  isISO4217CurrencyCode: () => 'Gebruik een valutacode van drie letters, zoals EUR.',
  isCalendarPeriod: () => 'Vul een termijn in zoals P7Y (7 jaar) of P60D (60 dagen).',
  whitelistValidation: () => 'Dit veld hoort niet bij het formulier.',
};
