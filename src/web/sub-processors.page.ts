import { isInEea } from '../common/countries';
import type { Language } from '../common/language';
import type { AgreementUsingView, OpenObjectionView } from '../sub-processors/sub-processor-links.query';
import type { SubProcessorView } from '../sub-processors/sub-processor.view';
import { linkNeedsAttention, linkStatusName } from './agreement.page';
import { html, Html } from './html';
import { columnHeads, viewPage } from './layout';
import { WebContext } from './web-context';
import { countryName, wallDay } from './web-format';
import { COMMON_TEXTS, Texts } from './web-texts';

export interface SubProcessorsData {
  rows: { subProcessor: SubProcessorView; agreements: AgreementUsingView[] }[];
  nextCursor: string | null;
  /** Objections the officer still has to resolve, oldest first. */
  objections: OpenObjectionView[];
  /** More open objections than shown. */
  moreObjections: boolean;
}

const TEXTS = {
  nl: {
    title: 'Subverwerkers',
    intro: 'Wie namens de verwerker persoonsgegevens verwerkt, waar, op welke grondslag voor doorgifte buiten de EER, en voor welke overeenkomsten.',
    objections: 'Openstaande bezwaren',
    noObjections: 'Er staan geen bezwaren open.',
    moreObjections: 'Er staan meer bezwaren open dan hier getoond; de oudste staan bovenaan.',
    objectedAt: 'Bezwaar op',
    agreement: 'Overeenkomst',
    reason: 'Reden',
    announcement: 'Aangekondigd',
    addition: 'toevoeging',
    replacement: 'vervanging',
    change: 'wijziging',
    list: 'Alle subverwerkers',
    name: 'Naam',
    service: 'Dienst',
    country: 'Land',
    safeguard: 'Waarborg bij doorgifte',
    agreements: 'Gebruikt voor',
    none: 'geen overeenkomst',
    ended: 'beëindigd',
    eea: 'niet nodig: binnen de EER',
    noneRecorded: 'niets vastgelegd',
    adequacy: 'adequaatheidsbesluit',
    dpf: 'gecertificeerd onder het EU–VS Data Privacy Framework',
    scc: 'standaardcontractbepalingen',
    module: 'module',
    bcr: 'bindende bedrijfsvoorschriften (BCR)',
    derogation: 'uitzondering van art. 49',
    empty: 'Er zijn nog geen subverwerkers vastgelegd.',
  },
  en: {
    title: 'Sub-processors',
    intro: 'Who processes personal data on the processor’s behalf, where, on which basis for transfers outside the EEA, and for which agreements.',
    objections: 'Open objections',
    noObjections: 'No objection is open.',
    moreObjections: 'More objections are open than shown here; the oldest come first.',
    objectedAt: 'Objected on',
    agreement: 'Agreement',
    reason: 'Reason',
    announcement: 'Announced',
    addition: 'addition',
    replacement: 'replacement',
    change: 'change',
    list: 'All sub-processors',
    name: 'Name',
    service: 'Service',
    country: 'Country',
    safeguard: 'Transfer safeguard',
    agreements: 'Used for',
    none: 'no agreement',
    ended: 'ended',
    eea: 'none needed: inside the EEA',
    noneRecorded: 'none recorded',
    adequacy: 'adequacy decision',
    dpf: 'certified under the EU–US Data Privacy Framework',
    scc: 'standard contractual clauses',
    module: 'module',
    bcr: 'binding corporate rules (BCR)',
    derogation: 'Art. 49 derogation',
    empty: 'No sub-processor has been recorded yet.',
  },
} satisfies Texts<string>;

type T = (typeof TEXTS)['nl'];

/** The Chapter V basis in the reader's language (transfer-basis.ts words it in English for the API and notices). */
function safeguard(s: SubProcessorView, t: T): Html {
  if (isInEea(s.country)) return html`<span class="muted">${t.eea}</span>`;
  const issue = s.transferBasisIssue ? html`<br /><span class="badge late">${s.transferBasisIssue.message}</span>` : '';
  switch (s.transferMechanism) {
    case null:
      return html`<span class="badge late">${t.noneRecorded}</span>`;
    case 'adequacy':
      return html`${t.adequacy}${s.adequacyDecision ? html` <span class="muted">(${s.adequacyDecision.reference})</span>` : ''}${s.dpfCertified ? html`, ${t.dpf}` : ''}${issue}`;
    case 'scc':
      return html`${t.scc} ${s.sccVersion ?? ''}${s.sccModule ? html`, ${t.module} ${s.sccModule}` : ''}${issue}`;
    case 'bcr':
      return html`${t.bcr}${issue}`;
    case 'derogation':
      return html`${t.derogation}${s.derogationJustification ? html`: ${s.derogationJustification}` : ''}${issue}`;
  }
}

function objectionsSection(data: SubProcessorsData, lang: Language, t: T): Html {
  return html`<section aria-labelledby="objections">
    <h2 id="objections">${t.objections}</h2>
    ${
      data.objections.length
        ? html`<table aria-labelledby="objections">
              ${columnHeads([t.objectedAt, t.name, t.agreement, t.reason])}
              <tbody>
                ${data.objections.map(
                  (o) =>
                    html`<tr class="late">
                      <td class="nowrap"><time datetime="${o.objection.objectedAt.toISOString()}">${wallDay(o.objection.objectedAt, lang)}</time></td>
                      <th scope="row">${o.subProcessorName}<br /><span class="muted">${t.announcement}: ${t[o.announcement]} · ${wallDay(o.announcedAt, lang)}</span></th>
                      <td><a href="/agreements/${o.agreementId}#sub-processors">${o.agreementReference}</a><br /><span class="muted">${o.controllerName}</span></td>
                      <td>${o.objection.reason ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            ${data.moreObjections ? html`<p class="muted">${t.moreObjections}</p>` : ''}`
        : html`<p class="muted">${t.noObjections}</p>`
    }
  </section>`;
}

function agreementsCell(agreements: AgreementUsingView[], lang: Language, t: T): Html {
  if (!agreements.length) return html`<span class="muted">${t.none}</span>`;
  return html`<ul class="plain">
    ${agreements.map(
      (a) =>
        html`<li>
          <a href="/agreements/${a.agreementId}">${a.reference}</a> <span class="muted">${a.controllerName}</span>
          ${a.status !== 'authorized' ? html`<span class="badge ${linkNeedsAttention(a.status) ? 'soon' : 'muted'}">${linkStatusName(a.status, lang)}</span>` : ''}
        </li>`,
    )}
  </ul>`;
}

export function subProcessorsPage(web: WebContext, data: SubProcessorsData): Html {
  const t = TEXTS[web.lang];
  const lang = web.lang;
  return viewPage(
    web,
    t,
    html` ${objectionsSection(data, lang, t)}
      <section aria-labelledby="list">
        <h2 id="list">${t.list}</h2>
        ${
          data.rows.length
            ? html`<table aria-labelledby="list">
                ${columnHeads([t.name, t.service, t.country, t.safeguard, t.agreements])}
                <tbody>
                  ${data.rows.map(
                    ({ subProcessor: s, agreements }) =>
                      html`<tr>
                        <th scope="row">${s.name}${s.endedAt ? html` <span class="badge muted">${t.ended}</span>` : ''}</th>
                        <td>${s.service}</td>
                        <td>${countryName(s.country, lang)}</td>
                        <td>${safeguard(s, t)}</td>
                        <td>${agreementsCell(agreements, lang, t)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
            : html`<p>${t.empty}</p>`
        }
      </section>
      ${data.nextCursor ? html`<p class="pager"><a href="/sub-processors?cursor=${encodeURIComponent(data.nextCursor)}">${COMMON_TEXTS[lang].next} →</a></p>` : ''}`,
  );
}
