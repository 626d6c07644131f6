import type { DomainEventMap, DomainEventName } from '../common/domain-events';
import { Language } from '../common/language';
import { addHours, formatWallTime } from '../common/time';
import { DEADLINE_KIND_NAMES } from '../deadlines/deadline-kind-names';
import { MailMessage } from './mail-render';
import { NameRequest, Names, NamedType } from './subject-names.registry';

/**
 * Who reads a message: the organisation's compliance officer, who sees the whole event, or
 * the contact of one controller, who reads only what concerns that controller.
 */
export type Reader = { kind: 'officer' } | { kind: 'controller'; controllerId: string };

export interface MailContext {
  language: Language;
  /** The reader's words: Dutch or English. */
  t: (nl: string, en: string) => string;
  /** A name for an id, or words saying it is unknown (erased since): never the id itself. */
  name: (type: NamedType, id: string | null | undefined) => string;
  /** Amsterdam wall time in the reader's language; `year` for the body. */
  when: (at: string | Date, options?: { year?: boolean }) => string;
  /** An absolute dashboard address for a path such as `/breaches/:id`. */
  url: (path: string) => string;
  /** When the event happened: a controller told of a breach is aware from then on. */
  occurredAt: Date;
  /** Where a client writes back: the officer's address, when configured. */
  officerEmail?: string;
}

/**
 * What the notifications module does with one event: which ids to name, the names a webhook
 * payload carries beside its ids (added fields only, never renamed ones), and the e-mail,
 * written per reader. Typed against the event's payload, which the publishing module declares.
 */
export interface EventTemplate<E extends DomainEventName> {
  names: (data: DomainEventMap[E]) => NameRequest[];
  webhook?: (data: DomainEventMap[E], names: Names) => Record<string, unknown>;
  mail?: (data: DomainEventMap[E], reader: Reader, ctx: MailContext) => MailMessage;
}

/** Lines listed in one e-mail; a breach of 20,000 clients sends the rest to the dashboard. */
export const LIST_LIMIT = 20;

/** What the officer does about a deadline of each kind. */
const OFFICER_ACTIONS: Record<string, [nl: string, en: string]> = {
  controller_notification: ['Informeer de klant en leg de melding vast in het dashboard.', 'Inform the client and record the notification in the dashboard.'],
  authority_notification: [
    'Meld het datalek bij de Autoriteit Persoonsgegevens, of leg vast waarom dat niet hoeft.',
    'Notify the Dutch DPA (Autoriteit Persoonsgegevens), or record why that is not needed.',
  ],
  data_subject_notification: ['Informeer de betrokkenen, of leg vast waarom dat niet hoeft (art. 34 lid 3 AVG).', 'Inform the data subjects, or record why that is not needed (Art. 34(3) GDPR).'],
  public_communication: ['Doe de openbare mededeling en leg die vast.', 'Make the public communication and record it.'],
  objection_window: ['Leg een bezwaar van de klant vast; zonder bezwaar sluit de termijn vanzelf.', 'Record an objection from the client; without one the period closes by itself.'],
  approval_request: [
    'Vraag de klant om antwoord en leg het vast; zonder goedkeuring wordt de sub-verwerker niet voor de klant ingezet.',
    'Ask the client for an answer and record it; without approval the sub-processor is not used for the client.',
  ],
  contract_end_deletion: ['Zorg dat elke opslag de verwijdering bevestigt.', 'Make sure every data store confirms the deletion.'],
  dsr_forward: ['Stuur het verzoek door naar de klant en leg dat vast.', 'Forward the request to the client and record that.'],
  dsr_response: ['Beantwoord het verzoek, of verleng de termijn met een reden.', 'Answer the request, or extend the period with a reason.'],
  dsr_extension_notice: ['Laat de verzoeker weten dat de termijn is verlengd, en waarom.', 'Tell the requester that the period was extended, and why.'],
};

/** What a client's contact does about a deadline that concerns the client. */
const CONTROLLER_ACTIONS: Record<string, [nl: string, en: string]> = {
  objection_window: ['Heeft u bezwaar, laat het ons dan vóór de termijn weten.', 'If you object, let us know before the deadline.'],
  approval_request: [
    'Geef uw goedkeuring of weigering vóór de termijn door; zonder goedkeuring zetten wij de sub-verwerker niet voor u in.',
    'Give your approval or refusal before the deadline; without approval we do not use the sub-processor for you.',
  ],
  contract_end_deletion: ['U hoeft niets te doen: wij verwijderen uw gegevens en bevestigen dat.', 'Nothing: we delete your data and confirm it.'],
  dsr_forward: ['Wij sturen u een verzoek van een betrokkene door; beantwoord het binnen de wettelijke termijn.', "We forward a data subject's request to you; answer it within the legal period."],
};

const END_ACTIONS: Record<string, [nl: string, en: string]> = {
  delete: ['verwijderen', 'delete'],
  return: ['teruggeven', 'return'],
  return_and_delete: ['teruggeven en daarna verwijderen', 'return and then delete'],
};

const REQUEST_TYPES: Record<string, [nl: string, en: string]> = {
  access: ['inzage', 'access'],
  rectification: ['rectificatie', 'rectification'],
  erasure: ['verwijdering', 'erasure'],
  restriction: ['beperking', 'restriction'],
  portability: ['overdraagbaarheid', 'portability'],
  objection: ['bezwaar', 'objection'],
  automated_decision: ['geautomatiseerd besluit', 'automated decision'],
};

const REQUEST_OUTCOMES: Record<string, [nl: string, en: string]> = {
  fulfilled: ['uitgevoerd', 'fulfilled'],
  partly_fulfilled: ['deels uitgevoerd', 'partly fulfilled'],
  refused: ['geweigerd', 'refused'],
  manifestly_unfounded: ['kennelijk ongegrond', 'manifestly unfounded'],
  excessive: ['buitensporig', 'excessive'],
};

const TERM_FIELDS: Record<string, [nl: string, en: string]> = {
  country: ['land', 'country'],
  service: ['dienst', 'service'],
  transferMechanism: ['doorgiftegrondslag', 'transfer basis'],
};

/** A word from a table, or the code itself made readable when the table has none yet. */
function word(table: Record<string, [string, string]>, key: string, ctx: MailContext): string {
  const found = table[key];
  return found ? ctx.t(...found) : key.replace(/_/g, ' ');
}

const kindName = (kind: string, ctx: MailContext) => DEADLINE_KIND_NAMES[ctx.language][kind] ?? kind.replace(/_/g, ' ');

/** The first LIST_LIMIT lines, each written only when shown. */
function listed<T>(all: T[], line: (item: T) => string, ctx: MailContext): { items: string[]; more?: string } {
  const items = all.slice(0, LIST_LIMIT).map(line);
  if (all.length <= LIST_LIMIT) return { items };
  const rest = (all.length - LIST_LIMIT).toLocaleString(ctx.language === 'nl' ? 'nl-NL' : 'en-GB');
  return { items, more: ctx.t(`en nog ${rest} — zie het dashboard`, `and ${rest} more — see the dashboard`) };
}

/** Time left, roughly, as a person says it: "2 dagen en 4 uur", "5 hours". */
function timeLeft(ms: number, ctx: MailContext): string {
  const hours = Math.max(0, Math.floor(ms / 3_600_000));
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const d = days === 1 ? ctx.t('1 dag', '1 day') : ctx.t(`${days} dagen`, `${days} days`);
  const h = rest === 1 ? ctx.t('1 uur', '1 hour') : ctx.t(`${rest} uur`, `${rest} hours`);
  if (days === 0) return hours === 0 ? ctx.t('minder dan een uur', 'less than an hour') : h;
  return rest === 0 ? d : ctx.t(`${d} en ${h}`, `${d} and ${h}`);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const forOfficer = (reader: Reader) => reader.kind === 'officer';
/** A controller's contact hears only of its own controller. */
const visibleTo = (reader: Reader, controllerId: string | null) => reader.kind === 'officer' || reader.controllerId === controllerId;

/** For a client's contact: no dashboard (it is the organisation's own), the officer to write to instead. */
function addressed(reader: Reader, ctx: MailContext, link: string): Pick<MailMessage, 'link' | 'contact'> {
  return reader.kind === 'officer' ? { link: ctx.url(link) } : { contact: ctx.officerEmail };
}

const incidentCreated: EventTemplate<'incident.created'> = {
  names: (d) => [['processor', d.processorId], ...d.controllerIds.map((id): NameRequest => ['controller', id])],
  webhook: (d, names) => ({
    processorName: names('processor', d.processorId) ?? null,
    controllers: d.controllerIds.map((id) => ({ id, name: names('controller', id) ?? null })),
    deadlines: d.deadlines.map((x) => ({ ...x, controllerName: names('controller', x.controllerId) ?? null })),
  }),
  mail: (d, reader, ctx) => {
    const deadlines = d.deadlines.filter((x) => visibleTo(reader, x.controllerId)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const processor = ctx.name('processor', d.processorId);
    const first = deadlines[0]?.dueAt;
    const due = first ? ctx.t(` — melden vóór ${ctx.when(first)}`, ` — notify by ${ctx.when(first)}`) : '';
    const clients = d.controllerIds.filter((id) => visibleTo(reader, id)).length;
    return {
      subject: ctx.t(`Datalek gemeld: ${d.title} bij ${processor}${due}`, `Breach reported: ${d.title} at ${processor}${due}`),
      lead: [
        ctx.t(`Bij ${processor} is een datalek gemeld: ${d.title}.`, `A personal data breach was reported at ${processor}: ${d.title}.`),
        ctx.t(`Bekend sinds ${ctx.when(d.awareAt, { year: true })}.`, `Known since ${ctx.when(d.awareAt, { year: true })}.`),
      ],
      facts: [
        [ctx.t('Datalek', 'Breach'), d.title],
        [ctx.t('Waar', 'Where'), processor],
        [ctx.t('Getroffen klanten', 'Clients affected'), String(clients)],
      ],
      list: {
        title: ctx.t('Termijnen:', 'Deadlines:'),
        ...listed(deadlines, (x) => `${kindName(x.kind, ctx)}${x.controllerId ? ` (${ctx.name('controller', x.controllerId)})` : ''}: ${ctx.t('vóór', 'by')} ${ctx.when(x.dueAt, { year: true })}`, ctx),
      },
      action:
        d.role === 'processor'
          ? ctx.t(
              'Informeer elke getroffen klant vóór zijn termijn hierboven en leg elke melding vast in het dashboard.',
              'Inform every affected client before its deadline above and record each notification in the dashboard.',
            )
          : ctx.t(
              'Beoordeel het risico. Meld het datalek vóór de termijn bij de Autoriteit Persoonsgegevens, tenzij het waarschijnlijk geen risico oplevert, en leg de melding of de reden om niet te melden vast.',
              'Assess the risk. Notify the Dutch DPA before the deadline unless the breach is unlikely to result in a risk, and record the notification or the reason for not notifying.',
            ),
      ...addressed(reader, ctx, `/breaches/${d.incidentId}`),
    };
  },
};

/** Written for the client it concerns (mail audience `controllers`); the officer reads the breach in `incident.created`. */
const controllerAffected: EventTemplate<'incident.controller_affected'> = {
  names: (d) => [
    ['processor', d.processorId],
    ['controller', d.controllerId],
  ],
  webhook: (d, names) => ({ processorName: names('processor', d.processorId) ?? null, controllerName: names('controller', d.controllerId) ?? null }),
  mail: (d, reader, ctx) => {
    const processor = ctx.name('processor', d.processorId);
    const client = ctx.name('controller', d.controllerId);
    // The controller is aware from the processor's report on (EDPB Guidelines 9/2022): its 72 hours start now.
    const authorityDue = addHours(ctx.occurredAt, 72);
    return {
      subject: ctx.t(
        `Datalek gemeld: ${d.title} bij ${processor} — ${client}, melden vóór ${ctx.when(authorityDue)}`,
        `Breach reported: ${d.title} at ${processor} — ${client}, notify by ${ctx.when(authorityDue)}`,
      ),
      lead: [
        ctx.t(
          `${processor} meldt u als verwerker een datalek dat persoonsgegevens van ${client} kan betreffen: ${d.title}.`,
          `${processor}, as your processor, reports a personal data breach that may concern personal data of ${client}: ${d.title}.`,
        ),
        ctx.t(`${processor} weet van het datalek sinds ${ctx.when(d.awareAt, { year: true })}.`, `${processor} has known of the breach since ${ctx.when(d.awareAt, { year: true })}.`),
      ],
      facts: [
        [ctx.t('Klant', 'Client'), client],
        [ctx.t('Datalek', 'Breach'), d.title],
        [ctx.t('Melden bij de AP vóór', 'Notify the Dutch DPA by'), ctx.when(authorityDue, { year: true })],
      ],
      action: ctx.t(
        `U bent als verwerkingsverantwoordelijke vanaf dit bericht op de hoogte. Beoordeel het risico en meld het datalek vóór ${ctx.when(authorityDue, { year: true })} (binnen 72 uur) bij de Autoriteit Persoonsgegevens, tenzij het waarschijnlijk geen risico oplevert voor de betrokkenen. Verdere informatie volgt zodra wij die hebben.`,
        `As the controller you are aware from this message on. Assess the risk and notify the Dutch DPA (Autoriteit Persoonsgegevens) by ${ctx.when(authorityDue, { year: true })} (within 72 hours), unless the breach is unlikely to result in a risk to the people concerned. We will send further information as soon as we have it.`,
      ),
      ...addressed(reader, ctx, `/breaches/${d.incidentId}`),
    };
  },
};

/** Events about a breach that only webhooks hear of: the incident's title and the controller by name. */
const incidentNamed = {
  names: (d: { incidentId: string; controllerId?: string | null }): NameRequest[] => [
    ['incident', d.incidentId],
    ['controller', d.controllerId],
  ],
  webhook: (d: { incidentId: string; controllerId?: string | null }, names: Names) => ({
    incidentTitle: names('incident', d.incidentId) ?? null,
    ...(d.controllerId === undefined ? {} : { controllerName: names('controller', d.controllerId) ?? null }),
  }),
};

const agreementEnding: EventTemplate<'agreement.ending'> = {
  names: (d) => [
    ['controller', d.controllerId],
    ['processor', d.processorId],
  ],
  webhook: (d, names) => ({ controllerName: names('controller', d.controllerId) ?? null, processorName: names('processor', d.processorId) ?? null }),
  mail: (d, reader, ctx) => {
    const client = ctx.name('controller', d.controllerId);
    const processor = ctx.name('processor', d.processorId);
    const then = word(END_ACTIONS, d.endOfContract.action, ctx);
    const days = d.endOfContract.withinDays;
    const ends = ctx.when(d.endsAt, { year: true });
    const facts: [string, string][] = [
      [ctx.t('Overeenkomst', 'Agreement'), d.reference],
      [ctx.t('Klant', 'Client'), client],
      [ctx.t('Eindigt', 'Ends'), ends],
      [ctx.t('Daarna', 'Afterwards'), ctx.t(`gegevens ${then} binnen ${days} dagen`, `${then} the data within ${days} days`)],
    ];
    if (forOfficer(reader)) {
      return {
        subject: ctx.t(`Verwerkersovereenkomst ${d.reference} met ${client} eindigt ${ctx.when(d.endsAt)}`, `Processor agreement ${d.reference} with ${client} ends ${ctx.when(d.endsAt)}`),
        lead: [ctx.t(`De verwerkersovereenkomst ${d.reference} met ${client} eindigt op ${ends}.`, `The processor agreement ${d.reference} with ${client} ends on ${ends}.`)],
        facts,
        action: ctx.t(
          `Vraag ${client} vóór het einde of de afspraak (${then} binnen ${days} dagen) nog klopt, en plan de teruggave of verwijdering.`,
          `Ask ${client} before the end whether the arrangement (${then} within ${days} days) still stands, and plan the return or deletion.`,
        ),
        ...addressed(reader, ctx, `/agreements/${d.agreementId}`),
      };
    }
    return {
      subject: ctx.t(`Uw verwerkersovereenkomst ${d.reference} met ${processor} eindigt ${ctx.when(d.endsAt)}`, `Your processor agreement ${d.reference} with ${processor} ends ${ctx.when(d.endsAt)}`),
      lead: [
        ctx.t(`De verwerkersovereenkomst ${d.reference} tussen ${client} en ${processor} eindigt op ${ends}.`, `The processor agreement ${d.reference} between ${client} and ${processor} ends on ${ends}.`),
      ],
      facts,
      action: ctx.t(
        `Na het einde zullen wij uw persoonsgegevens ${then} binnen ${days} dagen. Wilt u iets anders, laat het ons dan vóór ${ends} weten.`,
        `After the end we will ${then} your personal data within ${days} days. If you want something else, let us know before ${ends}.`,
      ),
      ...addressed(reader, ctx, `/agreements/${d.agreementId}`),
    };
  },
};

const deletionRequested: EventTemplate<'deletion.requested'> = {
  names: (d) => [['controller', d.controllerId]],
  webhook: (d, names) => ({ controllerName: names('controller', d.controllerId) ?? null }),
  mail: (d, reader, ctx) => {
    const client = ctx.name('controller', d.controllerId);
    const store = d.dataStore.name ?? ctx.t('een opslag', 'a data store');
    const due = ctx.when(d.dueAt, { year: true });
    const facts: [string, string][] = [
      [ctx.t('Klant', 'Client'), client],
      [ctx.t('Overeenkomst', 'Agreement'), d.agreementReference],
      [ctx.t('Opslag', 'Data store'), store],
      [ctx.t('Verwijderd vóór', 'Deleted by'), due],
    ];
    if (forOfficer(reader)) {
      return {
        subject: ctx.t(
          `Gegevens verwijderen: ${store} voor ${client} (${d.agreementReference}) — vóór ${ctx.when(d.dueAt)}`,
          `Delete data: ${store} for ${client} (${d.agreementReference}) — by ${ctx.when(d.dueAt)}`,
        ),
        lead: [
          ctx.t(
            `De overeenkomst ${d.agreementReference} met ${client} is geëindigd; de gegevens in ${store} moeten weg.`,
            `The agreement ${d.agreementReference} with ${client} has ended; the data in ${store} must go.`,
          ),
        ],
        facts,
        action:
          d.method === 'webhook'
            ? ctx.t(
                `De opslag is automatisch gevraagd te verwijderen; controleer dat de bevestiging vóór ${due} binnenkomt.`,
                `The data store was asked automatically; check that its confirmation arrives by ${due}.`,
              )
            : ctx.t(
                `Verwijder de gegevens van ${client} uit ${store} en bevestig dat in het dashboard vóór ${due}.`,
                `Delete the data of ${client} from ${store} and confirm it in the dashboard by ${due}.`,
              ),
        ...addressed(reader, ctx, `/agreements/${d.agreementId}`),
      };
    }
    return {
      subject: ctx.t(`Verwijdering van uw gegevens gestart: ${store} (${d.agreementReference})`, `Deletion of your data started: ${store} (${d.agreementReference})`),
      lead: [
        ctx.t(
          `De overeenkomst ${d.agreementReference} is geëindigd. Wij verwijderen de persoonsgegevens van ${client} uit ${store}.`,
          `The agreement ${d.agreementReference} has ended. We are deleting the personal data of ${client} from ${store}.`,
        ),
      ],
      facts,
      action: ctx.t(
        `U hoeft niets te doen. Na de verwijdering (uiterlijk ${due}) kunt u een vernietigingsverklaring opvragen.`,
        `Nothing. Once the deletion is done (by ${due}) you can ask for a certificate of deletion.`,
      ),
      ...addressed(reader, ctx, `/agreements/${d.agreementId}`),
    };
  },
};

type RequestEvent = DomainEventMap['data_subject_request.received'];

function requestMail(step: 'received' | 'extended' | 'completed') {
  return (d: RequestEvent, reader: Reader, ctx: MailContext): MailMessage => {
    const type = word(REQUEST_TYPES, d.type, ctx);
    const client = d.controllerId ? ctx.name('controller', d.controllerId) : null;
    const about = ctx.t(`verzoek om ${type}${client ? ` voor ${client}` : ''}`, `${type} request${client ? ` for ${client}` : ''}`);
    const due = ctx.when(d.dueAt, { year: true });
    const subjects = {
      received: ctx.t(`Verzoek van betrokkene ontvangen: ${about} — termijn ${ctx.when(d.dueAt)}`, `Data subject request received: ${about} — due ${ctx.when(d.dueAt)}`),
      extended: ctx.t(`Termijn verlengd: ${about} — nieuwe termijn ${ctx.when(d.dueAt)}`, `Period extended: ${about} — now due ${ctx.when(d.dueAt)}`),
      completed: ctx.t(`Verzoek afgehandeld: ${about}`, `Request completed: ${about}`),
    };
    const actions = {
      received:
        d.role === 'processor'
          ? ctx.t(`Stuur het verzoek onverwijld door naar ${client ?? 'de klant'} en help bij de afhandeling.`, `Forward the request to ${client ?? 'the client'} without delay and help answer it.`)
          : ctx.t(`Stel de identiteit van de verzoeker vast en beantwoord het verzoek vóór ${due}.`, `Establish the requester's identity and answer the request by ${due}.`),
      extended: ctx.t('Laat de verzoeker binnen de eerste maand weten dat de termijn is verlengd, en waarom.', 'Tell the requester within the first month that the period was extended, and why.'),
      completed: ctx.t('Niets meer; het dossier staat in het dashboard.', 'Nothing more; the file is in the dashboard.'),
    };
    return {
      subject: subjects[step],
      lead: [
        ctx.t(
          `${capital(about)} (${d.role === 'processor' ? 'als verwerker' : 'als verwerkingsverantwoordelijke'}), ontvangen op ${ctx.when(d.receivedAt, { year: true })}.`,
          `${capital(about)} (${d.role === 'processor' ? 'as processor' : 'as controller'}), received on ${ctx.when(d.receivedAt, { year: true })}.`,
        ),
      ],
      facts: [
        [ctx.t('Soort verzoek', 'Kind of request'), type],
        ...(client ? [[ctx.t('Klant', 'Client'), client] as [string, string]] : []),
        [ctx.t('Termijn', 'Due'), due],
        ...(d.outcome ? [[ctx.t('Uitkomst', 'Outcome'), word(REQUEST_OUTCOMES, d.outcome, ctx)] as [string, string]] : []),
      ],
      action: actions[step],
      ...addressed(reader, ctx, `/requests/${d.requestId}`),
    };
  };
}

const requestTemplate = (step: 'received' | 'extended' | 'completed') => ({
  names: (d: RequestEvent): NameRequest[] => [['controller', d.controllerId]],
  webhook: (d: RequestEvent, names: Names) => ({ controllerName: names('controller', d.controllerId) ?? null }),
  mail: requestMail(step),
});

type SubProcessorEvent = DomainEventMap['subprocessor.announced' | 'subprocessor.approval_requested' | 'subprocessor.ended'];

function subProcessorFacts(d: SubProcessorEvent, ctx: MailContext): [string, string][] {
  const s = d.subProcessor;
  const facts: [string, string][] = [
    [ctx.t('Sub-verwerker', 'Sub-processor'), s.name],
    [ctx.t('Dienst', 'Service'), s.service],
    [ctx.t('Land', 'Country'), s.country],
    [ctx.t('Waarborg', 'Safeguard'), s.safeguard],
  ];
  if ('replaces' in d && d.replaces) facts.push([ctx.t('Vervangt', 'Replaces'), d.replaces.name]);
  if ('changes' in d) for (const c of d.changes) facts.push([ctx.t('Gewijzigd', 'Changed'), `${word(TERM_FIELDS, c.field, ctx)}: ${c.from ?? '—'} → ${c.to ?? '—'}`]);
  return facts;
}

function subProcessorTemplate<E extends 'subprocessor.announced' | 'subprocessor.approval_requested' | 'subprocessor.ended'>(
  write: (
    d: DomainEventMap[E],
    reader: Reader,
    ctx: MailContext,
    client: string,
  ) => Pick<MailMessage, 'subject' | 'lead' | 'action'> & { listTitle: string; agreementLine: (a: DomainEventMap[E]['agreements'][number]) => string },
): EventTemplate<E> {
  return {
    names: (d) => [['controller', d.controllerId]],
    webhook: (d, names) => ({ controllerName: names('controller', d.controllerId) ?? null }),
    mail: (d, reader, ctx) => {
      const client = ctx.name('controller', d.controllerId);
      const { listTitle, agreementLine, ...text } = write(d, reader, ctx, client);
      // The officer reads the notice the client received, said to be one.
      if (forOfficer(reader)) text.lead = [ctx.t(`Dit bericht ging naar ${client}:`, `This notice went to ${client}:`), ...text.lead];
      const first = d.agreements[0]?.agreementId;
      return {
        ...text,
        facts: subProcessorFacts(d, ctx),
        list: { title: listTitle, ...listed(d.agreements, agreementLine, ctx) },
        ...addressed(reader, ctx, first ? `/agreements/${first}` : '/sub-processors'),
      };
    },
  };
}

function announcedWhat(d: DomainEventMap['subprocessor.announced' | 'subprocessor.approval_requested'], ctx: MailContext): string {
  const name = d.subProcessor.name;
  if (d.announcement === 'replacement' && d.replaces) return ctx.t(`${name} vervangt ${d.replaces.name}`, `${name} replaces ${d.replaces.name}`);
  if (d.announcement === 'change') return ctx.t(`wijziging bij ${name}`, `change at ${name}`);
  return ctx.t(`nieuwe sub-verwerker ${name}`, `new sub-processor ${name}`);
}

const subProcessorAnnounced = subProcessorTemplate<'subprocessor.announced'>((d, reader, ctx, client) => {
  const what = announcedWhat(d, ctx);
  const due = ctx.when(d.objectionDueAt, { year: true });
  return {
    subject: ctx.t(`${capital(what)} voor ${client} — bezwaar mogelijk tot ${ctx.when(d.objectionDueAt)}`, `${capital(what)} for ${client} — objections until ${ctx.when(d.objectionDueAt)}`),
    lead: [
      ctx.t(
        `Wij zijn van plan ${d.subProcessor.name} in te zetten voor ${client} (${d.subProcessor.service}, ${d.subProcessor.country}). U kunt daartegen bezwaar maken tot ${due}.`,
        `We intend to use ${d.subProcessor.name} for ${client} (${d.subProcessor.service}, ${d.subProcessor.country}). You may object until ${due}.`,
      ),
    ],
    action: forOfficer(reader)
      ? ctx.t(
          `Leg een bezwaar van ${client} vóór ${due} vast in het dashboard; zonder bezwaar gaat de wijziging door.`,
          `Record an objection from ${client} by ${due} in the dashboard; without one the change goes ahead.`,
        )
      : ctx.t(
          `Heeft u bezwaar, laat het ons dan vóór ${due} weten. Zonder bezwaar gaat de wijziging daarna door.`,
          `If you object, let us know by ${due}. Without an objection the change goes ahead after that.`,
        ),
    listTitle: ctx.t('Overeenkomsten:', 'Agreements:'),
    agreementLine: (a) =>
      `${a.reference}${a.objectionDueAt ? ctx.t(`: bezwaar tot ${ctx.when(a.objectionDueAt, { year: true })}`, `: objections until ${ctx.when(a.objectionDueAt, { year: true })}`) : ''}`,
  };
});

const subProcessorApprovalRequested = subProcessorTemplate<'subprocessor.approval_requested'>((d, reader, ctx, client) => {
  const what = announcedWhat(d, ctx);
  const due = ctx.when(d.approvalDueAt, { year: true });
  return {
    subject: ctx.t(`Goedkeuring gevraagd: ${what} voor ${client} — antwoord vóór ${ctx.when(d.approvalDueAt)}`, `Approval asked: ${what} for ${client} — answer by ${ctx.when(d.approvalDueAt)}`),
    lead: [
      ctx.t(
        `Wij vragen uw toestemming om ${d.subProcessor.name} in te zetten voor ${client} (${d.subProcessor.service}, ${d.subProcessor.country}). Zonder uw goedkeuring doen wij dat niet.`,
        `We ask your permission to use ${d.subProcessor.name} for ${client} (${d.subProcessor.service}, ${d.subProcessor.country}). Without your approval we will not.`,
      ),
    ],
    action: forOfficer(reader)
      ? ctx.t(`Leg het antwoord van ${client} vóór ${due} vast in het dashboard.`, `Record the answer of ${client} by ${due} in the dashboard.`)
      : ctx.t(`Geef uw goedkeuring of weigering vóór ${due} door.`, `Give your approval or refusal by ${due}.`),
    listTitle: ctx.t('Overeenkomsten:', 'Agreements:'),
    agreementLine: (a) => `${a.reference}${a.approvalDueAt ? ctx.t(`: antwoord vóór ${ctx.when(a.approvalDueAt, { year: true })}`, `: answer by ${ctx.when(a.approvalDueAt, { year: true })}`) : ''}`,
  };
});

const subProcessorEnded = subProcessorTemplate<'subprocessor.ended'>((d, reader, ctx, client) => ({
  subject: ctx.t(`Sub-verwerker ${d.subProcessor.name} niet meer ingezet voor ${client}`, `Sub-processor ${d.subProcessor.name} no longer used for ${client}`),
  lead: [
    ctx.t(
      `Sinds ${ctx.when(d.endedAt, { year: true })} zetten wij ${d.subProcessor.name} niet meer in voor ${client}.`,
      `Since ${ctx.when(d.endedAt, { year: true })} we no longer use ${d.subProcessor.name} for ${client}.`,
    ),
  ],
  action: forOfficer(reader) ? ctx.t('Niets; dit bericht is ter informatie.', 'Nothing; this message is for your information.') : ctx.t('U hoeft niets te doen.', 'Nothing.'),
  listTitle: ctx.t('Overeenkomsten:', 'Agreements:'),
  agreementLine: (a) => a.reference,
}));

type DeadlineEventData = DomainEventMap['deadline.reminder' | 'deadline.missed'];

function deadlineTemplate<E extends 'deadline.reminder' | 'deadline.missed'>(missed: E extends 'deadline.missed' ? true : false): EventTemplate<E> {
  return {
    names: (d) => [
      ['controller', d.controllerId],
      ['deadline', d.deadlineId],
    ],
    webhook: (d, names) => ({ controllerName: names('controller', d.controllerId) ?? null, subjectTitle: names('deadline', d.deadlineId) ?? null }),
    mail: (d: DeadlineEventData, reader, ctx) => {
      const kind = kindName(d.kind, ctx);
      const about = ctx.name('deadline', d.deadlineId);
      const client = d.controllerId ? ` (${ctx.name('controller', d.controllerId)})` : '';
      const due = ctx.when(d.dueAt, { year: true });
      const actions = forOfficer(reader) ? OFFICER_ACTIONS : CONTROLLER_ACTIONS;
      const action = actions[d.kind] ? word(actions, d.kind, ctx) : ctx.t('Neem bij vragen contact met ons op.', 'Contact us with any questions.');
      const left = 'remainingMs' in d && typeof d.remainingMs === 'number' ? d.remainingMs : 0;
      return {
        subject: missed
          ? ctx.t(`Termijn verstreken: ${kind} — ${about}${client}, was ${ctx.when(d.dueAt)}`, `Deadline missed: ${kind} — ${about}${client}, was ${ctx.when(d.dueAt)}`)
          : ctx.t(`Herinnering: ${kind} — ${about}${client}, vóór ${ctx.when(d.dueAt)}`, `Reminder: ${kind} — ${about}${client}, by ${ctx.when(d.dueAt)}`),
        lead: [
          missed
            ? ctx.t(`De termijn is op ${due} verstreken zonder dat hij is afgesloten.`, `The deadline passed on ${due} without being met.`)
            : ctx.t(`Nog ${timeLeft(left, ctx)} tot ${due}.`, `${capital(timeLeft(left, ctx))} left until ${due}.`),
        ],
        facts: [
          [ctx.t('Wat', 'What'), kind],
          [ctx.t('Waarover', 'About'), about],
          ...(d.controllerId ? [[ctx.t('Klant', 'Client'), ctx.name('controller', d.controllerId)] as [string, string]] : []),
          [ctx.t('Termijn', 'Due'), due],
        ],
        action: missed && forOfficer(reader) ? `${action} ${ctx.t('Leg bij een late afhandeling de reden van de vertraging vast.', 'If it is done late, record the reason for the delay.')}` : action,
        ...addressed(reader, ctx, `/deadlines/${d.deadlineId}`),
      };
    },
  };
}

/**
 * Every event's template, by name. An event without one travels as its payload alone, and
 * an event mailed without one (a new event whose wording is not written yet) reads as its
 * name with a link to the dashboard.
 */
export const TEMPLATES: { [E in DomainEventName]?: EventTemplate<E> } = {
  'incident.created': incidentCreated,
  'incident.controller_affected': controllerAffected,
  'incident.updated': incidentNamed,
  'incident.notification_recorded': incidentNamed,
  'incident.closed': incidentNamed,
  'agreement.ending': agreementEnding,
  'deletion.requested': deletionRequested,
  'data_subject_request.received': requestTemplate('received'),
  'data_subject_request.extended': requestTemplate('extended'),
  'data_subject_request.completed': requestTemplate('completed'),
  'subprocessor.announced': subProcessorAnnounced,
  'subprocessor.approval_requested': subProcessorApprovalRequested,
  'subprocessor.ended': subProcessorEnded,
  'deadline.reminder': deadlineTemplate<'deadline.reminder'>(false),
  'deadline.missed': deadlineTemplate<'deadline.missed'>(true),
};

export function templateOf(event: string): EventTemplate<DomainEventName> | undefined {
  return (TEMPLATES as Record<string, EventTemplate<DomainEventName> | undefined>)[event];
}

/** The wording of an event mailed before its template is written: what, and where to look. */
export function untemplatedMail(event: string, reader: Reader, ctx: MailContext): MailMessage {
  return {
    subject: ctx.t(`Melding: ${event}`, `Notice: ${event}`),
    lead: [ctx.t(`Er is iets gebeurd dat u aangaat: ${event}.`, `Something happened that concerns you: ${event}.`)],
    facts: [],
    action: ctx.t('Bekijk de details.', 'Look at the details.'),
    ...addressed(reader, ctx, '/'),
  };
}

/**
 * The reader's context: words, names and times in the reader's language. Made once per
 * batch of events: 20,000 messages about one breach share a handful of instants, and
 * formatting one costs more than writing the rest of a message.
 */
export function mailContext(language: Language, names: Names, base: { publicUrl: string; occurredAt: Date; officerEmail?: string }): MailContext {
  const t = (nl: string, en: string) => (language === 'nl' ? nl : en);
  const formatted = new Map<string, string>();
  const when = (at: string | Date, options?: { year?: boolean }) => {
    const key = `${typeof at === 'string' ? at : at.getTime()}|${options?.year === true}`;
    let shown = formatted.get(key);
    if (shown === undefined) formatted.set(key, (shown = formatWallTime(at, language, options)));
    return shown;
  };
  return {
    language,
    t,
    name: (type, id) => names(type, id) ?? t('(naam onbekend)', '(name unknown)'),
    when,
    url: (path) => `${base.publicUrl}${path}`,
    occurredAt: base.occurredAt,
    officerEmail: base.officerEmail,
  };
}
