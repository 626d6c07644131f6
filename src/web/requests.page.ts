import type { Language } from '../common/language';
import type { DataSubjectRequestView } from '../data-subject-requests/data-subject-request.view';
import { REQUEST_STATUSES } from '../data-subject-requests/request-status';
import type { DeadlineView } from '../deadlines/deadline.view';
import { filterSelect } from './breaches.page';
import { html, Html } from './html';
import { columnHeads, viewPage } from './layout';
import { nextPageHref } from './list-paging';
import { FormFields, WebContext } from './web-context';
import { timeLeft, wallTime } from './web-format';
import { COMMON_TEXTS, kindName, Texts } from './web-texts';

export interface RequestsData {
  now: Date;
  rows: { request: DataSubjectRequestView; controllerName: string | null }[];
  nextCursor: string | null;
  filters: FormFields;
}

const NAMES: Texts<string> = {
  nl: {
    access: 'Inzage',
    rectification: 'Rectificatie',
    erasure: 'Verwijdering',
    restriction: 'Beperking',
    portability: 'Overdraagbaarheid',
    objection: 'Bezwaar',
    automated_decision: 'Geautomatiseerd besluit',
    received: 'ontvangen',
    awaiting_identity: 'wacht op identificatie',
    forwarded: 'doorgestuurd',
    extended: 'verlengd',
    completed: 'afgerond',
    processor: 'als verwerker',
    controller: 'als verwerkingsverantwoordelijke',
    fulfilled: 'uitgevoerd',
    partly_fulfilled: 'deels uitgevoerd',
    refused: 'geweigerd',
    manifestly_unfounded: 'kennelijk ongegrond',
    excessive: 'buitensporig',
  },
  en: {
    access: 'Access',
    rectification: 'Rectification',
    erasure: 'Erasure',
    restriction: 'Restriction',
    portability: 'Portability',
    objection: 'Objection',
    automated_decision: 'Automated decision',
    received: 'received',
    awaiting_identity: 'awaiting identification',
    forwarded: 'forwarded',
    extended: 'extended',
    completed: 'completed',
    processor: 'as processor',
    controller: 'as controller',
    fulfilled: 'fulfilled',
    partly_fulfilled: 'partly fulfilled',
    refused: 'refused',
    manifestly_unfounded: 'manifestly unfounded',
    excessive: 'excessive',
  },
};

/** A request's type, status, role or outcome in words; a code added later reads as itself. */
export const requestWord = (code: string, lang: Language) => NAMES[lang][code] ?? code;

const TEXTS = {
  nl: {
    title: 'Verzoeken van betrokkenen',
    intro:
      'Verzoeken om inzage, verwijdering en meer, met hun termijn: doorsturen als verwerker, beantwoorden binnen een maand als verwerkingsverantwoordelijke (art. 12(3) AVG). Tijden in Nederlandse tijd.',
    filters: 'Filters',
    any: 'alle',
    status: 'Status',
    apply: 'Toepassen',
    due: 'Uiterlijk',
    left: 'Tijd',
    request: 'Verzoek',
    requester: 'Verzoeker',
    controller: 'Verwerkingsverantwoordelijke',
    received: 'Ontvangen',
    anonymized: '(geanonimiseerd)',
    noClock: 'geen open termijn',
    empty: 'Geen verzoeken gevonden.',
  },
  en: {
    title: 'Data-subject requests',
    intro: 'Requests for access, erasure and more, with their clocks: forward as processor, answer within a month as controller (Art. 12(3) GDPR). Times in Dutch time.',
    filters: 'Filters',
    any: 'any',
    status: 'Status',
    apply: 'Apply',
    due: 'Due',
    left: 'Time',
    request: 'Request',
    requester: 'Requester',
    controller: 'Controller',
    received: 'Received',
    anonymized: '(anonymised)',
    noClock: 'no open deadline',
    empty: 'No request found.',
  },
} satisfies Texts<string>;

/** The request's clock that runs now: its soonest deadline still pending or missed. */
export function runningClock(request: DataSubjectRequestView): DeadlineView | null {
  const open = request.deadlines.filter((d) => d.status === 'pending' || d.status === 'missed');
  return open.sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0] ?? null;
}

export function requestsPage(web: WebContext, data: RequestsData): Html {
  const t = TEXTS[web.lang];
  const lang = web.lang;
  return viewPage(
    web,
    t,
    html` <form method="get" action="/requests" class="filters" role="search" aria-label="${t.filters}">
        ${filterSelect(
          'status',
          t.status,
          t.any,
          REQUEST_STATUSES.map((s) => ({ value: s, label: requestWord(s, lang) })),
          data.filters.status,
        )}
        <button type="submit" class="primary">${t.apply}</button>
      </form>
      ${
        data.rows.length
          ? html`<table aria-label="${t.title}">
              ${columnHeads([t.due, t.left, t.request, t.controller, t.received, t.status])}
              <tbody>
                ${data.rows.map(({ request: r, controllerName }) => {
                  const clock = runningClock(r);
                  const due = clock ? new Date(clock.dueAt) : null;
                  const late = clock?.status === 'missed' || (due !== null && due < data.now);
                  return html`<tr class="${late ? 'late' : ''}">
                    <td class="nowrap">${clock && due ? html`<time datetime="${clock.dueAt}">${wallTime(due, lang)}</time><br /><span class="muted">${kindName(clock.kind, lang)}</span>` : ''}</td>
                    <td class="nowrap">${due ? html`<span class="${late ? 'badge late' : ''}">${timeLeft(due, data.now, lang)}</span>` : html`<span class="muted">${t.noClock}</span>`}</td>
                    <th scope="row"><a href="/requests/${r.id}">${requestWord(r.type, lang)}</a><br /><span class="muted">${r.requester.name ?? t.anonymized} · ${requestWord(r.role, lang)}</span></th>
                    <td>${controllerName ?? ''}</td>
                    <td class="nowrap"><time datetime="${r.receivedAt}">${wallTime(new Date(r.receivedAt), lang)}</time></td>
                    <td><span class="badge ${r.status === 'completed' ? 'ok' : 'muted'}">${requestWord(r.status, lang)}</span></td>
                  </tr>`;
                })}
              </tbody>
            </table>`
          : html`<p>${t.empty}</p>`
      }
      ${data.nextCursor ? html`<p class="pager"><a href="${nextPageHref('/requests', data.filters, data.nextCursor)}">${COMMON_TEXTS[lang].next} →</a></p>` : ''}`,
  );
}
