import type { DataSubjectRequestView } from '../data-subject-requests/data-subject-request.view';
import type { Deadline } from '../deadlines/deadline.entity';
import { deadlineTable } from './deadline-table';
import { html, Html } from './html';
import { page } from './layout';
import { requestWord } from './requests.page';
import { WebContext } from './web-context';
import { wallTime } from './web-format';
import { COMMON_TEXTS, Texts } from './web-texts';

export interface RequestPageData {
  request: DataSubjectRequestView;
  deadlines: Deadline[];
  controllerName: string | null;
  agreementReference: string | null;
  now: Date;
}

const TEXTS = {
  nl: {
    requests: 'Verzoeken van betrokkenen',
    request: 'Verzoek',
    facts: 'Gegevens',
    type: 'Soort',
    role: 'Ontvangen',
    status: 'Status',
    requester: 'Verzoeker',
    anonymized: '(geanonimiseerd)',
    controller: 'Verwerkingsverantwoordelijke',
    agreement: 'Overeenkomst',
    channel: 'Kanaal',
    description: 'Omschrijving',
    forwardingHours: 'Doorsturen binnen',
    hours: 'uur',
    controllerDue: 'Maand van de verwerkingsverantwoordelijke eindigt',
    deadlines: 'Termijnen',
    steps: 'Verloop',
    receivedAt: 'Ontvangen',
    identityRequestedAt: 'Identificatie gevraagd (art. 12(6))',
    identityReceivedAt: 'Identificatie ontvangen; de maand loopt vanaf nu',
    forwardedAt: 'Doorgestuurd aan de verwerkingsverantwoordelijke',
    assistance: 'Geboden hulp',
    extendedAt: 'Termijn verlengd (art. 12(3))',
    extensionNotifiedAt: 'Verzoeker over de verlenging ingelicht',
    completedAt: 'Afgerond',
    complaintInfo: 'Gewezen op klacht bij de AP en de rechter (art. 12(4))',
    contactErasedAt: 'Contactpersoon gewist',
    anonymizedAt: 'Geanonimiseerd volgens de bewaartermijn',
    none: '—',
  },
  en: {
    requests: 'Data-subject requests',
    request: 'Request',
    facts: 'Details',
    type: 'Type',
    role: 'Received',
    status: 'Status',
    requester: 'Requester',
    anonymized: '(anonymised)',
    controller: 'Controller',
    agreement: 'Agreement',
    channel: 'Channel',
    description: 'Description',
    forwardingHours: 'Forward within',
    hours: 'hours',
    controllerDue: "The controller's month ends",
    deadlines: 'Deadlines',
    steps: 'Steps',
    receivedAt: 'Received',
    identityRequestedAt: 'Identification asked for (Art. 12(6))',
    identityReceivedAt: 'Identification received; the month runs from here',
    forwardedAt: 'Forwarded to the controller',
    assistance: 'Help given',
    extendedAt: 'Deadline extended (Art. 12(3))',
    extensionNotifiedAt: 'Requester told of the extension',
    completedAt: 'Completed',
    complaintInfo: 'Pointed to complaints to the AP and the courts (Art. 12(4))',
    contactErasedAt: 'Contact person erased',
    anonymizedAt: 'Anonymised under the retention policy',
    none: '—',
  },
} satisfies Texts<string>;

type T = (typeof TEXTS)['nl'];

const at = (iso: string, web: WebContext) => html`<time datetime="${iso}">${wallTime(new Date(iso), web.lang)}</time>`;

/** What happened to the request, in order: each step with its instant. */
function steps(r: DataSubjectRequestView, web: WebContext, t: T): Html {
  const lang = web.lang;
  const items: { at: string; what: Html | string }[] = [{ at: r.receivedAt, what: t.receivedAt }];
  if (r.identityRequestedAt) items.push({ at: r.identityRequestedAt, what: t.identityRequestedAt });
  if (r.identityReceivedAt) items.push({ at: r.identityReceivedAt, what: t.identityReceivedAt });
  if (r.forwardedAt) items.push({ at: r.forwardedAt, what: html`${t.forwardedAt}${r.assistance ? html`<br />${t.assistance}: ${r.assistance}` : ''}` });
  if (r.extension) {
    items.push({ at: r.extension.extendedAt, what: html`${t.extendedAt}${r.extension.reason ? html`<br />${r.extension.reason}` : ''}` });
    if (r.extension.requesterNotifiedAt) items.push({ at: r.extension.requesterNotifiedAt, what: t.extensionNotifiedAt });
  }
  if (r.completion) {
    const c = r.completion;
    items.push({
      at: c.completedAt,
      what: html`${t.completedAt}: ${c.outcome ? requestWord(c.outcome, lang) : ''}${c.reason ? html`<br />${c.reason}` : ''}${c.complaintInfoGiven ? html`<br />${t.complaintInfo}` : ''}`,
    });
  }
  if (r.contactErasure) items.push({ at: r.contactErasure.erasedAt, what: t.contactErasedAt });
  if (r.anonymizedAt) items.push({ at: r.anonymizedAt, what: t.anonymizedAt });
  items.sort((a, b) => a.at.localeCompare(b.at));
  return html`<ol class="timeline">
    ${items.map((i) => html`<li>${at(i.at, web)} · ${i.what}</li>`)}
  </ol>`;
}

export function requestPage(web: WebContext, data: RequestPageData): Html {
  const t = TEXTS[web.lang];
  const lang = web.lang;
  const r = data.request;
  const title = `${t.request}: ${requestWord(r.type, lang).toLowerCase()}`;
  return page(
    web,
    title,
    html`<p><a href="/requests">← ${t.requests}</a></p>
      <h1>${title} <span class="muted">· ${r.requester.name ?? t.anonymized}</span></h1>
      <p><span class="badge ${r.status === 'completed' ? 'ok' : 'soon'}">${t.status}: ${requestWord(r.status, lang)}</span></p>
      <section aria-labelledby="deadlines">
        <h2 id="deadlines">${t.deadlines}</h2>
        ${deadlineTable(web, data.now, data.deadlines, 'deadlines')}
      </section>
      <div class="grid2">
        <section class="panel" aria-labelledby="facts">
          <h2 id="facts">${t.facts}</h2>
          <dl class="facts">
            <dt>${t.type}</dt>
            <dd>${requestWord(r.type, lang)}</dd>
            <dt>${t.role}</dt>
            <dd>${requestWord(r.role, lang)}</dd>
            <dt>${t.requester}</dt>
            <dd>${r.requester.name ?? t.anonymized}${r.requester.email ? html` (${r.requester.email})` : ''}</dd>
            <dt>${t.controller}</dt>
            <dd>${data.controllerName ?? t.none}</dd>
            <dt>${t.agreement}</dt>
            <dd>${r.agreementId ? html`<a href="/agreements/${r.agreementId}">${data.agreementReference ?? r.agreementId}</a>` : t.none}</dd>
            <dt>${t.channel}</dt>
            <dd>${r.channel ?? t.none}</dd>
            ${
              r.forwardingHours !== null
                ? html`<dt>${t.forwardingHours}</dt>
                    <dd>${r.forwardingHours} ${t.hours}</dd>`
                : ''
            }
            ${
              r.controllerResponseDueAt
                ? html`<dt>${t.controllerDue}</dt>
                    <dd>${at(r.controllerResponseDueAt, web)}</dd>`
                : ''
            }
            <dt>${t.description}</dt>
            <dd>${r.description ?? t.none}</dd>
          </dl>
        </section>
        <section class="panel" aria-labelledby="steps">
          <h2 id="steps">${t.steps}</h2>
          ${steps(r, web, t)}
        </section>
      </div>
      <p><a href="/">${COMMON_TEXTS[lang].back}</a></p>`,
  );
}
