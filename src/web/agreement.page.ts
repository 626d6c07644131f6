import type { AgreementDetailView } from '../agreements/agreements.service';
import { OBLIGATION_KEYS } from '../agreements/processing-agreement.entity';
import type { Language } from '../common/language';
import type { Deadline } from '../deadlines/deadline.entity';
import type { DeadlineAbout } from '../deadlines/deadline-kinds';
import type { AgreementSubProcessorView } from '../sub-processors/sub-processor-links.query';
import { agreementStatusName, gapName } from './agreements.page';
import { deadlineTable } from './deadline-table';
import { html, Html } from './html';
import { columnHeads, page } from './layout';
import { WebContext } from './web-context';
import { countryName, timeLeft, wallDay, wallTime } from './web-format';
import { COMMON_TEXTS, Texts } from './web-texts';

export interface AgreementPageData {
  agreement: AgreementDetailView;
  subProcessors: AgreementSubProcessorView[];
  controllerName: string;
  processorName: string;
  /** The agreement's own clocks and those of its sub-processors' objection periods and approvals, soonest first. */
  deadlines: Deadline[];
  about: Map<string, DeadlineAbout>;
  now: Date;
}

const LINK_STATUS_NAMES: Texts<string> = {
  nl: {
    pending_objection: 'bezwaartermijn loopt',
    pending_approval: 'wacht op toestemming',
    authorized: 'toegestaan',
    objected: 'bezwaar gemaakt',
    rejected: 'geweigerd',
    ended: 'beëindigd',
  },
  en: {
    pending_objection: 'objection period running',
    pending_approval: 'awaiting approval',
    authorized: 'authorised',
    objected: 'objected',
    rejected: 'rejected',
    ended: 'ended',
  },
};

export const linkStatusName = (status: string, lang: Language) => LINK_STATUS_NAMES[lang][status] ?? status;

/** A link that waits on the controller or on the officer: what the agreement page puts first. */
export const linkNeedsAttention = (status: string) => status === 'pending_objection' || status === 'pending_approval' || status === 'objected';

const TEXTS = {
  nl: {
    portfolio: 'Verwerkersovereenkomsten',
    controller: 'Verwerkingsverantwoordelijke',
    processor: 'Verwerker',
    status: 'Status',
    terms: 'Afspraken',
    subjectMatter: 'Onderwerp',
    natureOfProcessing: 'Aard van de verwerking',
    effectiveFrom: 'Ingang',
    endsAt: 'Einde',
    noEnd: 'onbepaalde tijd',
    terminated: 'Opgezegd',
    terminationEffectiveAt: 'Opzegging gaat in',
    breachHours: 'Datalek melden binnen',
    hours: 'uur',
    purposes: 'Doelen',
    dataCategories: 'Persoonsgegevens',
    specialCategories: 'Bijzondere persoonsgegevens',
    dataSubjectCategories: 'Betrokkenen',
    authorization: 'Toestemming subverwerkers',
    specific: 'specifiek (per subverwerker)',
    general: 'algemeen, met bezwaartermijn',
    objectionDays: 'dagen bezwaartermijn',
    forwarding: 'Verzoeken van betrokkenen doorsturen binnen',
    endOfContract: 'Bij einde contract',
    delete: 'verwijderen',
    return: 'teruggeven',
    return_and_delete: 'teruggeven en verwijderen',
    withinDays: 'binnen {n} dagen',
    unknown: 'niet vastgelegd',
    obligations: 'Art. 28(3): wat de overeenkomst regelt',
    obligation: 'Onderdeel',
    covered: 'Geregeld',
    clause: 'Artikel in de overeenkomst',
    yes: 'ja',
    no: 'nee',
    gaps: 'Ontbreekt',
    noGaps: 'De overeenkomst regelt alles wat art. 28(3) vraagt.',
    subProcessors: 'Subverwerkers',
    noSubProcessors: 'Er zijn geen subverwerkers voor deze overeenkomst aangemeld.',
    name: 'Naam',
    service: 'Dienst',
    country: 'Land',
    awaiting: 'Wacht op',
    objectionDue: 'bezwaar mogelijk tot',
    approvalDue: 'toestemming gevraagd vóór',
    objection: 'Bezwaar',
    blocked: 'Nu niet te gebruiken voor deze overeenkomst',
    deadlines: 'Termijnen',
    dataStores: 'Gegevensopslag',
    noDataStores: 'Geen opslagplaatsen vastgelegd.',
    erasure: 'Verwijderen via',
    webhook: 'webhook',
    manual: 'handmatig',
    certificate: 'Vernietigingsverklaring',
    certificatePdf: 'Downloaden (PDF)',
  },
  en: {
    portfolio: 'Processor agreements',
    controller: 'Controller',
    processor: 'Processor',
    status: 'Status',
    terms: 'Terms',
    subjectMatter: 'Subject matter',
    natureOfProcessing: 'Nature of the processing',
    effectiveFrom: 'Effective',
    endsAt: 'Ends',
    noEnd: 'indefinite',
    terminated: 'Terminated',
    terminationEffectiveAt: 'Termination takes effect',
    breachHours: 'Report a breach within',
    hours: 'hours',
    purposes: 'Purposes',
    dataCategories: 'Personal data',
    specialCategories: 'Special categories',
    dataSubjectCategories: 'Data subjects',
    authorization: 'Sub-processor authorisation',
    specific: 'specific (each sub-processor)',
    general: 'general, with an objection period',
    objectionDays: 'days to object',
    forwarding: 'Forward data subject requests within',
    endOfContract: 'At the end of the contract',
    delete: 'delete',
    return: 'return',
    return_and_delete: 'return and delete',
    withinDays: 'within {n} days',
    unknown: 'not recorded',
    obligations: 'Art. 28(3): what the agreement covers',
    obligation: 'Part',
    covered: 'Covered',
    clause: 'Clause in the agreement',
    yes: 'yes',
    no: 'no',
    gaps: 'Missing',
    noGaps: 'The agreement covers everything Art. 28(3) asks.',
    subProcessors: 'Sub-processors',
    noSubProcessors: 'No sub-processor has been announced for this agreement.',
    name: 'Name',
    service: 'Service',
    country: 'Country',
    awaiting: 'Waiting for',
    objectionDue: 'may object until',
    approvalDue: 'approval asked by',
    objection: 'Objection',
    blocked: 'Not to be used for this agreement now',
    deadlines: 'Deadlines',
    dataStores: 'Data stores',
    noDataStores: 'No data stores recorded.',
    erasure: 'Erased by',
    webhook: 'webhook',
    manual: 'hand',
    certificate: 'Certificate of deletion',
    certificatePdf: 'Download (PDF)',
  },
} satisfies Texts<string>;

type T = (typeof TEXTS)['nl'];

const list = (values: string[], t: T) => (values.length ? values.join(', ') : html`<span class="muted">${t.unknown}</span>`);
const text = (value: string | null, t: T) => (value ? value : html`<span class="muted">${t.unknown}</span>`);

function termsPanel(data: AgreementPageData, lang: Language, t: T): Html {
  const a = data.agreement;
  return html`<section class="panel" aria-labelledby="terms">
    <h2 id="terms">${t.terms}</h2>
    <dl class="facts">
      <dt>${t.controller}</dt>
      <dd>${data.controllerName}</dd>
      <dt>${t.processor}</dt>
      <dd>${data.processorName}</dd>
      <dt>${t.subjectMatter}</dt>
      <dd>${text(a.subjectMatter, t)}</dd>
      <dt>${t.natureOfProcessing}</dt>
      <dd>${text(a.natureOfProcessing, t)}</dd>
      <dt>${t.effectiveFrom}</dt>
      <dd>${wallDay(a.effectiveFrom, lang)}</dd>
      <dt>${t.endsAt}</dt>
      <dd>${a.endsAt ? wallDay(a.endsAt, lang) : html`<span class="muted">${t.noEnd}</span>`}</dd>
      ${
        a.terminatedAt
          ? html`<dt>${t.terminated}</dt>
              <dd>${wallDay(a.terminatedAt, lang)}${a.terminationReason ? html` — ${a.terminationReason}` : ''}</dd>
              <dt>${t.terminationEffectiveAt}</dt>
              <dd>${a.terminationEffectiveAt ? wallDay(a.terminationEffectiveAt, lang) : ''}</dd>`
          : ''
      }
      <dt>${t.breachHours}</dt>
      <dd>${a.breachNotificationHours} ${t.hours}</dd>
      <dt>${t.purposes}</dt>
      <dd>${list(a.purposes, t)}</dd>
      <dt>${t.dataCategories}</dt>
      <dd>${list(a.dataCategories, t)}</dd>
      ${
        a.specialCategories.length
          ? html`<dt>${t.specialCategories}</dt>
              <dd>${a.specialCategories.join(', ')}</dd>`
          : ''
      }
      <dt>${t.dataSubjectCategories}</dt>
      <dd>${list(a.dataSubjectCategories, t)}</dd>
      <dt>${t.authorization}</dt>
      <dd>${a.subProcessorAuthorization === 'general' ? html`${t.general}${a.objectionPeriodDays !== null ? html` (${a.objectionPeriodDays} ${t.objectionDays})` : ''}` : t.specific}</dd>
      <dt>${t.forwarding}</dt>
      <dd>${a.dataSubjectRequestForwardingHours !== null ? html`${a.dataSubjectRequestForwardingHours} ${t.hours}` : html`<span class="muted">${t.unknown}</span>`}</dd>
      <dt>${t.endOfContract}</dt>
      <dd>${t[a.endOfContract.action]}, ${t.withinDays.replace('{n}', String(a.endOfContract.withinDays))}</dd>
    </dl>
  </section>`;
}

function obligationsPanel(data: AgreementPageData, lang: Language, t: T): Html {
  const a = data.agreement;
  const particulars = a.gaps.filter((g) => !(OBLIGATION_KEYS as readonly string[]).includes(g.obligation));
  return html`<section class="panel" aria-labelledby="obligations">
    <h2 id="obligations">${t.obligations}</h2>
    <table aria-labelledby="obligations">
      ${columnHeads([t.obligation, t.covered, t.clause])}
      <tbody>
        ${OBLIGATION_KEYS.map((key) => {
          const o = a.obligations[key];
          return html`<tr class="${o.covered ? '' : 'late'}">
            <th scope="row">${gapName(key, lang)}</th>
            <td><span class="badge ${o.covered ? 'ok' : 'late'}">${o.covered ? t.yes : t.no}</span></td>
            <td>${o.clauseRef ?? ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${particulars.length ? html`<p><strong>${t.gaps}:</strong> ${particulars.map((g) => gapName(g.obligation, lang)).join('; ')}</p>` : a.gaps.length === 0 ? html`<p class="muted">${t.noGaps}</p>` : ''}
  </section>`;
}

function subProcessorsSection(data: AgreementPageData, lang: Language, t: T): Html {
  // Those waiting on someone first, then by name as the query gave them.
  const links = [...data.subProcessors].sort((x, y) => Number(linkNeedsAttention(y.status)) - Number(linkNeedsAttention(x.status)));
  return html`<section aria-labelledby="sub-processors">
    <h2 id="sub-processors">${t.subProcessors}</h2>
    ${
      links.length
        ? html`<table aria-labelledby="sub-processors">
            ${columnHeads([t.name, t.service, t.country, t.status, t.awaiting])}
            <tbody>
              ${links.map((l) => {
                const due = l.status === 'pending_objection' ? l.objectionDueAt : l.status === 'pending_approval' ? l.approvalDueAt : null;
                const attention = linkNeedsAttention(l.status);
                return html`<tr class="${l.status === 'objected' ? 'late' : attention ? 'soon' : ''}">
                  <th scope="row">${l.name}</th>
                  <td>${l.service}</td>
                  <td>${countryName(l.country, lang)}</td>
                  <td>
                    <span class="badge ${l.status === 'authorized' ? 'ok' : l.status === 'objected' || l.status === 'rejected' ? 'late' : attention ? 'soon' : 'muted'}"
                      >${linkStatusName(l.status, lang)}</span
                    >
                  </td>
                  <td>
                    ${
                      due
                        ? html`${l.status === 'pending_objection' ? t.objectionDue : t.approvalDue} <time datetime="${due.toISOString()}">${wallTime(due, lang)}</time><br /><span class="muted"
                              >${timeLeft(due, data.now, lang)}</span
                            >`
                        : ''
                    }
                    ${l.objection ? html`<div>${t.objection} ${wallDay(l.objection.objectedAt, lang)}${l.objection.reason ? html`: ${l.objection.reason}` : ''}</div>` : ''}
                    ${l.blocked ? html`<div class="muted">${t.blocked}</div>` : ''}
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>`
        : html`<p class="muted">${t.noSubProcessors}</p>`
    }
  </section>`;
}

function dataStoresSection(data: AgreementPageData, t: T): Html {
  const stores = data.agreement.dataStores;
  return html`<section aria-labelledby="data-stores">
    <h2 id="data-stores">${t.dataStores}</h2>
    ${
      stores.length
        ? html`<table aria-labelledby="data-stores">
            ${columnHeads([t.name, t.erasure])}
            <tbody>
              ${stores.map(
                (s) =>
                  html`<tr class="${s.flags.length ? 'late' : ''}">
                    <th scope="row">${s.name}</th>
                    <td>${t[s.erasure.method]}${s.flags.map((f) => html`<br /><span class="muted">${f.message}</span>`)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="muted">${t.noDataStores}</p>`
    }
  </section>`;
}

export function agreementPage(web: WebContext, data: AgreementPageData): Html {
  const t = TEXTS[web.lang];
  const lang = web.lang;
  const a = data.agreement;
  const certificate = a.status === 'terminating' || a.status === 'ended';
  return page(
    web,
    a.reference,
    html`<p><a href="/agreements">← ${t.portfolio}</a></p>
      <h1>${a.reference} <span class="muted">· ${data.controllerName}</span></h1>
      <p>
        <span class="badge ${a.status === 'active' ? 'ok' : a.status === 'terminating' ? 'soon' : 'muted'}">${t.status}: ${agreementStatusName(a.status, lang)}</span>
        ${a.gaps.length ? html`<span class="badge late">${t.gaps}: ${a.gaps.length}</span>` : ''}
      </p>
      ${subProcessorsSection(data, lang, t)}
      <section aria-labelledby="deadlines">
        <h2 id="deadlines">${t.deadlines}</h2>
        ${deadlineTable(web, data.now, data.deadlines, 'deadlines', data.about)}
      </section>
      ${
        certificate
          ? html`<section class="panel" aria-labelledby="certificate">
              <h2 id="certificate">${t.certificate}</h2>
              <p><a href="/agreements/${a.id}/deletion-certificate.pdf" download>${t.certificatePdf}</a></p>
            </section>`
          : ''
      }
      <div class="grid2">${termsPanel(data, lang, t)} ${obligationsPanel(data, lang, t)}</div>
      ${dataStoresSection(data, t)}
      <p><a href="/">${COMMON_TEXTS[lang].back}</a></p>`,
  );
}
