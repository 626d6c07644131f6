import { DateTime } from 'luxon';
import { Language } from '../common/language';
import { formatAmsterdamDate, LEGAL_ZONE, lastDayBefore } from '../common/time';
import type { CertificateFacts, KeptFacts, Person } from './deletion-certificate.service';

type Outstanding = CertificateFacts['outstanding'][number];

/** Everything the certificate says in words, per language; the facts stay the same. */
export interface CertificateTexts {
  title(facts: CertificateFacts): string;
  /** The declaration itself, or in a draft what is not yet declared and why. */
  statement(facts: CertificateFacts): string;
  keptReason(kept: KeptFacts): string;
  keptUntil(kept: KeptFacts): string;
  watermark: string;
  headings: Record<'agreement' | 'parties' | 'deadline' | 'stores' | 'recorded' | 'returned' | 'kept' | 'confirmation' | 'verification', string>;
  labels: Record<
    | 'reference'
    | 'effectiveFrom'
    | 'endsAt'
    | 'terminated'
    | 'takingEffect'
    | 'reason'
    | 'ended'
    | 'endOfContract'
    | 'controller'
    | 'processor'
    | 'kvk'
    | 'due'
    | 'deadlineStatus'
    | 'completed'
    | 'requested'
    | 'confirmed'
    | 'by'
    | 'evidence'
    | 'lateBecause'
    | 'returnedTo'
    | 'checksum'
    | 'what'
    | 'where'
    | 'legalBasis'
    | 'legalHold'
    | 'confirmedBy'
    | 'date'
    | 'notConfirmed'
    | 'hash'
    | 'verify'
    | 'issued'
    | 'noStores'
    | 'export'
    | 'records',
    string
  >;
  endedBy(by: 'termination' | 'end_date'): string;
  action(action: string, withinDays: number): string;
  method(method: string): string;
  taskStatus(status: string): string;
  deadlineStatus(status: string | null): string;
  /** Name and function; a confirmation from a client that named no person shows the API key it came with. */
  person(person: Person): string;
  outstanding(o: Outstanding): string;
  category(category: KeptFacts['category']): string;
  /** An instant as Amsterdam wall time. */
  instant(at: Date | null | undefined): string;
  /** A due instant at a local midnight, as the inclusive last day ("t/m 01-05-2026"). */
  through(at: Date | null | undefined): string;
}

const instant = (at: Date | null | undefined) => (at ? `${DateTime.fromJSDate(new Date(at), { zone: LEGAL_ZONE }).toFormat('dd-LL-yyyy HH:mm')} (${LEGAL_ZONE})` : '—');
const date = (at: Date | null | undefined) => (at ? formatAmsterdamDate(new Date(at)) : '—');

function period(iso: string, units: Record<'Y' | 'M' | 'W' | 'D', [string, string]>): string {
  const parts = [...iso.matchAll(/(\d+)([YMWD])/g)].map(([, n, unit]) => {
    const [one, many] = units[unit as 'Y' | 'M' | 'W' | 'D'];
    return `${n} ${n === '1' ? one : many}`;
  });
  return parts.join(' ') || iso;
}

function party(name: string, kvk: string | null, kvkLabel: string): string {
  return kvk ? `${name} (${kvkLabel} ${kvk})` : name;
}

const DUTCH: CertificateTexts = {
  title: (f) => (f.status === 'final' ? 'Vernietigingsverklaring' : 'CONCEPT — nog geen vernietigingsverklaring'),
  statement(f) {
    const processor = party(f.processor.name, f.processor.kvkNumber, 'KvK');
    const controller = party(f.controller.name, f.controller.kvkNumber, 'KvK');
    const done = f.agreement.endOfContract.action === 'delete' ? 'zijn vernietigd' : `aan ${f.controller.name} zijn teruggegeven en daarna zijn vernietigd`;
    if (f.status === 'final') {
      return (
        `${processor} verklaart als verwerker dat alle persoonsgegevens die zij in opdracht van ${controller} als verwerkingsverantwoordelijke verwerkte ` +
        `onder verwerkersovereenkomst ${f.agreement.reference}, na het einde van die overeenkomst op ${date(f.agreement.endedAt)} ${done}, ` +
        `zoals hieronder is vastgelegd. Wat op grond van een wettelijke plicht nog wordt bewaard, staat onder "Bewaard, en waarom".`
      );
    }
    return (
      `Dit is een concept en geen verklaring: nog niet is vastgesteld dat de persoonsgegevens die ${processor} in opdracht van ${controller} verwerkte ` +
      `onder verwerkersovereenkomst ${f.agreement.reference} ${done}. Nog open: ${f.outstanding.map((o) => DUTCH.outstanding(o)).join('; ')}.`
    );
  },
  keptReason(k) {
    const action = k.action === 'delete' ? 'verwijderd' : 'geanonimiseerd';
    const years = period(k.period, { Y: ['jaar', 'jaar'], M: ['maand', 'maanden'], W: ['week', 'weken'], D: ['dag', 'dagen'] });
    switch (k.category) {
      case 'invoice':
        return `Facturen worden voor de Belastingdienst ${years} na het einde van hun boekjaar bewaard en daarna ${action}.`;
      case 'contact':
        return `Contactpersonen worden ${years} na het laatste contact bewaard, en zolang een andere overeenkomst met de verwerkingsverantwoordelijke loopt; daarna ${action}.`;
      case 'data_export':
        return `De teruggegeven kopie blijft ${years} beschikbaar om op te halen; daarna wordt de inhoud gewist en blijft alleen het bewijs van overdracht.`;
    }
  },
  keptUntil(k) {
    if (k.records === 0) return 'niets bewaard';
    if (k.keptThrough) return `t/m ${formatAmsterdamDate(k.keptThrough)}`;
    return k.openEndedBecause === 'legal_hold' ? 'zolang de bewaarplicht door een juridische blokkade (legal hold) geldt' : 'zolang een andere overeenkomst met de verwerkingsverantwoordelijke loopt';
  },
  watermark: 'CONCEPT',
  headings: {
    agreement: 'Overeenkomst',
    parties: 'Partijen',
    deadline: 'Termijn',
    stores: 'Vernietiging per opslaglocatie',
    recorded: 'Vastgelegde vernietiging',
    returned: 'Teruggegeven',
    kept: 'Bewaard, en waarom',
    confirmation: 'Bevestiging',
    verification: 'Verificatie',
  },
  labels: {
    reference: 'Referentie',
    effectiveFrom: 'Ingangsdatum',
    endsAt: 'Einddatum',
    terminated: 'Opgezegd op',
    takingEffect: 'met ingang van',
    reason: 'Reden',
    ended: 'Geëindigd op',
    endOfContract: 'Bij einde overeenkomst',
    controller: 'Verwerkingsverantwoordelijke',
    processor: 'Verwerker',
    kvk: 'KvK',
    due: 'Uiterlijk',
    deadlineStatus: 'Stand van de termijn',
    completed: 'Voltooid op',
    requested: 'Gevraagd',
    confirmed: 'Bevestigd',
    by: 'door',
    evidence: 'Bewijs',
    lateBecause: 'Te laat omdat',
    returnedTo: 'Teruggegeven naar',
    checksum: 'Controlegetal',
    what: 'Wat',
    where: 'Waar',
    legalBasis: 'Grondslag',
    legalHold: 'Juridische blokkade',
    confirmedBy: 'Bevestigd door',
    date: 'Datum',
    notConfirmed: 'Nog niet bevestigd.',
    hash: 'Controlecode (SHA-256)',
    verify: 'Controleren',
    issued: 'Opgemaakt',
    noStores: 'De overeenkomst noemt geen opslaglocaties.',
    export: 'Export',
    records: 'record(s)',
  },
  endedBy: (by) => (by === 'termination' ? 'door opzegging' : 'op de einddatum'),
  action: (action, days) => `${action === 'delete' ? 'vernietigen' : action === 'return' ? 'teruggeven' : 'teruggeven en vernietigen'} binnen ${days} ${days === 1 ? 'dag' : 'dagen'}`,
  method: (method) => (method === 'webhook' ? 'automatisch verzoek' : 'handmatig'),
  taskStatus: (status) => ({ scheduled: 'gepland', requested: 'gevraagd', confirmed: 'bevestigd' })[status] ?? status,
  deadlineStatus: (status) =>
    status === null ? 'geen termijn' : (({ pending: 'lopend', met: 'gehaald', met_late: 'te laat gehaald', missed: 'gemist', cancelled: 'vervallen' } as Record<string, string>)[status] ?? status),
  person: (p) => `${p.name} (${p.function ?? 'API-sleutel'})`,
  outstanding(o) {
    switch (o.kind) {
      case 'contract_not_ended':
        return 'de overeenkomst is nog niet geëindigd';
      case 'store_not_confirmed':
        return `opslaglocatie "${o.dataStore}" heeft de vernietiging nog niet bevestigd`;
      case 'return_not_recorded':
        return `voor opslaglocatie "${o.dataStore}" is niet vastgelegd waar de teruggegeven gegevens zijn`;
      case 'no_store_confirmation':
        return 'de overeenkomst noemt geen opslaglocaties, en niemand heeft vastgelegd wat er is vernietigd of teruggegeven, waar, en met welk bewijs';
    }
  },
  category: (c) => ({ invoice: 'Facturen', contact: 'Contactpersonen', data_export: 'Teruggegeven kopie' })[c],
  instant,
  through: (at) => (at ? `t/m ${formatAmsterdamDate(lastDayBefore(new Date(at)))}` : '—'),
};

const ENGLISH: CertificateTexts = {
  title: (f) => (f.status === 'final' ? 'Certificate of deletion' : 'DRAFT — not yet a certificate of deletion'),
  statement(f) {
    const processor = party(f.processor.name, f.processor.kvkNumber, 'Chamber of Commerce no.');
    const controller = party(f.controller.name, f.controller.kvkNumber, 'Chamber of Commerce no.');
    const done = f.agreement.endOfContract.action === 'delete' ? 'have been erased' : `have been returned to ${f.controller.name} and then erased`;
    if (f.status === 'final') {
      return (
        `${processor}, as processor, declares that all personal data it processed on behalf of ${controller}, as controller, ` +
        `under processor agreement ${f.agreement.reference} ${done} after that agreement ended on ${date(f.agreement.endedAt)}, ` +
        `as recorded below. What a legal duty requires to be kept is listed under "Kept, and why".`
      );
    }
    return (
      `This is a draft, not a declaration: it has not yet been established that the personal data ${processor} processed on behalf of ${controller} ` +
      `under processor agreement ${f.agreement.reference} ${done}. Outstanding: ${f.outstanding.map((o) => ENGLISH.outstanding(o)).join('; ')}.`
    );
  },
  keptReason(k) {
    const action = k.action === 'delete' ? 'deleted' : 'anonymised';
    const years = period(k.period, { Y: ['year', 'years'], M: ['month', 'months'], W: ['week', 'weeks'], D: ['day', 'days'] });
    switch (k.category) {
      case 'invoice':
        return `Invoices are kept for the tax authority for ${years} after the close of their financial year, then ${action}.`;
      case 'contact':
        return `Contact persons are kept ${years} after the last activity, and while another agreement with the controller runs; then ${action}.`;
      case 'data_export':
        return `The copy handed back stays available for ${years} to be fetched; then its content is purged and only the proof of hand-over remains.`;
    }
  },
  keptUntil(k) {
    if (k.records === 0) return 'nothing kept';
    if (k.keptThrough) return `up to and including ${formatAmsterdamDate(k.keptThrough)}`;
    return k.openEndedBecause === 'legal_hold' ? 'while a legal hold applies' : 'while another agreement with the controller runs';
  },
  watermark: 'DRAFT',
  headings: {
    agreement: 'Agreement',
    parties: 'Parties',
    deadline: 'Deadline',
    stores: 'Erasure per data store',
    recorded: 'Recorded erasure',
    returned: 'Returned',
    kept: 'Kept, and why',
    confirmation: 'Confirmation',
    verification: 'Verification',
  },
  labels: {
    reference: 'Reference',
    effectiveFrom: 'In effect from',
    endsAt: 'End date',
    terminated: 'Terminated on',
    takingEffect: 'taking effect',
    reason: 'Reason',
    ended: 'Ended on',
    endOfContract: 'At the end of the agreement',
    controller: 'Controller',
    processor: 'Processor',
    kvk: 'Chamber of Commerce no.',
    due: 'Due',
    deadlineStatus: 'Deadline',
    completed: 'Completed on',
    requested: 'Requested',
    confirmed: 'Confirmed',
    by: 'by',
    evidence: 'Evidence',
    lateBecause: 'Late because',
    returnedTo: 'Returned to',
    checksum: 'Checksum',
    what: 'What',
    where: 'Where',
    legalBasis: 'Legal basis',
    legalHold: 'Legal hold',
    confirmedBy: 'Confirmed by',
    date: 'Date',
    notConfirmed: 'Not confirmed yet.',
    hash: 'Verification code (SHA-256)',
    verify: 'Verify',
    issued: 'Issued',
    noStores: 'The agreement lists no data stores.',
    export: 'Export',
    records: 'record(s)',
  },
  endedBy: (by) => (by === 'termination' ? 'by termination' : 'on its end date'),
  action: (action, days) => `${action === 'delete' ? 'erase' : action === 'return' ? 'return' : 'return and erase'} within ${days} ${days === 1 ? 'day' : 'days'}`,
  method: (method) => (method === 'webhook' ? 'automatic request' : 'manual'),
  taskStatus: (status) => status,
  deadlineStatus: (status) => (status === null ? 'no deadline' : status.replace('_', ' ')),
  person: (p) => `${p.name} (${p.function ?? 'API key'})`,
  outstanding(o) {
    switch (o.kind) {
      case 'contract_not_ended':
        return 'the agreement has not ended yet';
      case 'store_not_confirmed':
        return `data store "${o.dataStore}" has not confirmed erasure`;
      case 'return_not_recorded':
        return `for data store "${o.dataStore}" it is not recorded where the returned data went`;
      case 'no_store_confirmation':
        return 'the agreement lists no data stores, and no one has recorded what was erased or returned, where, and with what evidence';
    }
  },
  category: (c) => ({ invoice: 'Invoices', contact: 'Contact persons', data_export: 'Copy handed back' })[c],
  instant,
  through: (at) => (at ? `up to and including ${formatAmsterdamDate(lastDayBefore(new Date(at)))}` : '—'),
};

export function certificateTexts(language: Language): CertificateTexts {
  return language === 'en' ? ENGLISH : DUTCH;
}
