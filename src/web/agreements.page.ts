import { DateTime } from 'luxon';
import type { AgreementView, PortfolioAgreementView } from '../agreements/agreement.view';
import type { GapPortfolio } from '../agreements/agreement-gaps';
import { AGREEMENT_STATUSES, OBLIGATION_KEYS } from '../agreements/processing-agreement.entity';
import type { Language } from '../common/language';
import { LEGAL_ZONE } from '../common/time';
import { filterSelect } from './breaches.page';
import { html, Html } from './html';
import { columnHeads, viewPage } from './layout';
import { nextPageHref } from './list-paging';
import { FormFields, WebContext } from './web-context';
import { wallDay } from './web-format';
import { COMMON_TEXTS, Texts } from './web-texts';

export interface AgreementsData {
  now: Date;
  rows: { agreement: AgreementView; controllerName: string | null }[];
  nextCursor: string | null;
  portfolio: GapPortfolio<Omit<PortfolioAgreementView, 'status'>>;
  /** The filters as the form sent them, to show them again and carry them to the next page. */
  filters: FormFields;
}

const STATUS_NAMES: Texts<string> = {
  nl: { scheduled: 'gepland', active: 'lopend', terminating: 'opgezegd', ended: 'beëindigd' },
  en: { scheduled: 'scheduled', active: 'active', terminating: 'terminating', ended: 'ended' },
};

export const agreementStatusName = (status: string, lang: Language) => STATUS_NAMES[lang][status] ?? status;

/** What Art. 28(3) asks, in the few words a list has room for; the service's longer descriptions are English only. */
const GAP_NAMES: Texts<string> = {
  nl: {
    a: '(a) alleen op schriftelijke instructies',
    b: '(b) geheimhouding van personeel',
    c: '(c) beveiligingsmaatregelen (art. 32)',
    d: '(d) voorwaarden voor subverwerkers',
    e: '(e) hulp bij verzoeken van betrokkenen',
    f: '(f) hulp bij beveiliging, meldplicht en DPIA (art. 32–36)',
    g: '(g) verwijderen of teruggeven aan het einde',
    h: '(h) informatie en audits',
    subjectMatter: 'onderwerp van de verwerking',
    natureOfProcessing: 'aard van de verwerking',
    purposes: 'doel van de verwerking',
    dataCategories: 'soorten persoonsgegevens',
    dataSubjectCategories: 'categorieën betrokkenen',
  },
  en: {
    a: '(a) only on documented instructions',
    b: '(b) confidentiality of staff',
    c: '(c) security measures (Art. 32)',
    d: '(d) conditions for sub-processors',
    e: '(e) help with data subject requests',
    f: '(f) help with security, breach notification and DPIA (Art. 32–36)',
    g: '(g) delete or return at the end',
    h: '(h) information and audits',
    subjectMatter: 'subject matter of the processing',
    natureOfProcessing: 'nature of the processing',
    purposes: 'purpose of the processing',
    dataCategories: 'types of personal data',
    dataSubjectCategories: 'categories of data subjects',
  },
};

export const gapName = (gap: string, lang: Language) => GAP_NAMES[lang][gap] ?? gap;

/** A row's gaps in a list: the letters of Art. 28(3) it misses, then the particulars in words (the agreement's page spells out each). */
function gapsInBrief(gaps: string[], lang: Language): string {
  const letters = gaps.filter((g) => (OBLIGATION_KEYS as readonly string[]).includes(g));
  const particulars = gaps.filter((g) => !letters.includes(g)).map((g) => gapName(g, lang));
  return [letters.length ? `${lang === 'nl' ? 'art.' : 'Art.'} 28(3) ${letters.join(', ')}` : '', ...particulars].filter(Boolean).join('; ');
}

/** How many agreements a gap names on the overview before pointing to the filtered list. */
export const GAP_EXAMPLES = 5;
/** "Ending soon": the quick filter's horizon. */
const SOON_DAYS = 90;

const TEXTS: Texts<
  | 'title'
  | 'intro'
  | 'checked'
  | 'withGaps'
  | 'complete'
  | 'gapsHeading'
  | 'obligation'
  | 'count'
  | 'which'
  | 'more'
  | 'noGaps'
  | 'filters'
  | 'any'
  | 'status'
  | 'hasGaps'
  | 'gapsYes'
  | 'gapsNo'
  | 'endingBefore'
  | 'apply'
  | 'soon'
  | 'listHeading'
  | 'reference'
  | 'controller'
  | 'effectiveFrom'
  | 'ends'
  | 'gaps'
  | 'noEnd'
  | 'empty'
> = {
  nl: {
    title: 'Verwerkersovereenkomsten',
    intro: 'De portefeuille met wat art. 28(3) AVG vraagt en een overeenkomst (nog) niet regelt.',
    checked: 'Overeenkomsten nagelopen (niet beëindigd)',
    withGaps: 'Met ontbrekende onderdelen',
    complete: 'Volledig',
    gapsHeading: 'Ontbrekend per onderdeel van art. 28(3)',
    obligation: 'Onderdeel',
    count: 'Aantal',
    which: 'Overeenkomsten',
    more: 'en meer',
    noGaps: 'Geen enkele lopende overeenkomst mist iets.',
    filters: 'Filters',
    any: 'alle',
    status: 'Status',
    hasGaps: 'Volledigheid',
    gapsYes: 'met ontbrekende onderdelen',
    gapsNo: 'volledig',
    endingBefore: 'Eindigt vóór',
    apply: 'Toepassen',
    soon: `Eindigt binnen ${SOON_DAYS} dagen`,
    listHeading: 'Overeenkomsten',
    reference: 'Kenmerk',
    controller: 'Verwerkingsverantwoordelijke',
    effectiveFrom: 'Ingang',
    ends: 'Einde',
    gaps: 'Ontbreekt',
    noEnd: 'onbepaalde tijd',
    empty: 'Geen overeenkomsten gevonden.',
  },
  en: {
    title: 'Processor agreements',
    intro: 'The portfolio, with what Art. 28(3) GDPR asks and an agreement does not (yet) cover.',
    checked: 'Agreements checked (not ended)',
    withGaps: 'With parts missing',
    complete: 'Complete',
    gapsHeading: 'Missing per part of Art. 28(3)',
    obligation: 'Part',
    count: 'Count',
    which: 'Agreements',
    more: 'and more',
    noGaps: 'No agreement in force misses anything.',
    filters: 'Filters',
    any: 'any',
    status: 'Status',
    hasGaps: 'Completeness',
    gapsYes: 'with parts missing',
    gapsNo: 'complete',
    endingBefore: 'Ends before',
    apply: 'Apply',
    soon: `Ending within ${SOON_DAYS} days`,
    listHeading: 'Agreements',
    reference: 'Reference',
    controller: 'Controller',
    effectiveFrom: 'Effective',
    ends: 'Ends',
    gaps: 'Missing',
    noEnd: 'indefinite',
    empty: 'No agreement found.',
  },
};

/** The instant an agreement ends as the list filters it: its termination when given notice, else its end date. */
function endOf(a: AgreementView): Date | null {
  return a.terminationEffectiveAt ?? a.endsAt;
}

function portfolioSection(web: WebContext, data: AgreementsData): Html {
  const t = TEXTS[web.lang];
  const p = data.portfolio;
  const missing = p.gaps.filter((g) => g.count > 0);
  return html`<ul class="cards" aria-label="${t.gapsHeading}">
      <li class="calm"><span class="n">${p.agreementsChecked}</span>${t.checked}</li>
      <li class="${p.agreementsWithGaps ? 'late' : 'calm'}"><span class="n">${p.agreementsWithGaps}</span>${t.withGaps}</li>
      <li class="calm"><span class="n">${p.agreementsChecked - p.agreementsWithGaps}</span>${t.complete}</li>
    </ul>
    <section aria-labelledby="gaps">
      <h2 id="gaps">${t.gapsHeading}</h2>
      ${
        missing.length
          ? html`<table aria-labelledby="gaps">
              ${columnHeads([t.obligation, t.count, t.which])}
              <tbody>
                ${missing.map(
                  (g) =>
                    html`<tr>
                      <th scope="row">${gapName(g.obligation, web.lang)}</th>
                      <td>${g.count}</td>
                      <td>
                        ${g.agreements.slice(0, GAP_EXAMPLES).map((a, i) => html`${i ? ', ' : ''}<a href="/agreements/${a.id}">${a.reference}</a> <span class="muted">(${a.controllerName})</span>`)}
                        ${g.count > GAP_EXAMPLES ? html` <a href="/agreements?hasGaps=true">${t.more} (${g.count - GAP_EXAMPLES})</a>` : ''}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p>${t.noGaps}</p>`
      }
    </section>`;
}

export function agreementsPage(web: WebContext, data: AgreementsData): Html {
  const t = TEXTS[web.lang];
  const lang = web.lang;
  const f = data.filters;
  const soon = DateTime.fromJSDate(data.now, { zone: LEGAL_ZONE }).plus({ days: SOON_DAYS }).toISODate();
  return viewPage(
    web,
    t,
    html` ${portfolioSection(web, data)}
      <h2 id="list">${t.listHeading}</h2>
      <form method="get" action="/agreements" class="filters" role="search" aria-label="${t.filters}">
        ${filterSelect(
          'status',
          t.status,
          t.any,
          AGREEMENT_STATUSES.map((s) => ({ value: s, label: agreementStatusName(s, lang) })),
          f.status,
        )}
        ${filterSelect(
          'hasGaps',
          t.hasGaps,
          t.any,
          [
            { value: 'true', label: t.gapsYes },
            { value: 'false', label: t.gapsNo },
          ],
          f.hasGaps,
        )}
        <div>
          <label for="filter-endingBefore">${t.endingBefore}</label><input type="date" id="filter-endingBefore" name="endingBefore" value="${typeof f.endingBefore === 'string' ? f.endingBefore : ''}" />
        </div>
        <button type="submit" class="primary">${t.apply}</button>
        <a href="/agreements?endingBefore=${soon}">${t.soon}</a>
      </form>
      ${
        data.rows.length
          ? html`<table aria-labelledby="list">
              ${columnHeads([t.reference, t.controller, t.status, t.effectiveFrom, t.ends, t.gaps])}
              <tbody>
                ${data.rows.map(({ agreement: a, controllerName }) => {
                  const end = endOf(a);
                  return html`<tr>
                    <th scope="row"><a href="/agreements/${a.id}">${a.reference}</a></th>
                    <td>${controllerName ?? ''}</td>
                    <td><span class="badge ${a.status === 'active' ? 'ok' : a.status === 'terminating' ? 'soon' : 'muted'}">${agreementStatusName(a.status, lang)}</span></td>
                    <td class="nowrap">${wallDay(a.effectiveFrom, lang)}</td>
                    <td class="nowrap">${end ? wallDay(end, lang) : html`<span class="muted">${t.noEnd}</span>`}</td>
                    <td>
                      ${
                        a.gaps.length
                          ? html`<span class="badge late">${a.gaps.length}</span>
                              <span class="muted"
                                >${gapsInBrief(
                                  a.gaps.map((g) => g.obligation),
                                  lang,
                                )}</span
                              >`
                          : html`<span class="badge ok">${t.complete}</span>`
                      }
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>`
          : html`<p>${t.empty}</p>`
      }
      ${data.nextCursor ? html`<p class="pager"><a href="${nextPageHref('/agreements', f, data.nextCursor)}">${COMMON_TEXTS[lang].next} →</a></p>` : ''}`,
  );
}
