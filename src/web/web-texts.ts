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
