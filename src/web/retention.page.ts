import { Duration } from 'luxon';
import type { Language } from '../common/language';
import type { ErasureLedgerEntry } from '../retention/erasure-ledger-entry.entity';
import type { LegalHoldView } from '../retention/legal-holds.service';
import type { RetentionPolicyView } from '../retention/retention-policies.service';
import type { RetentionRunView } from '../retention/retention-runs.service';
import { html, Html } from './html';
import { columnHeads, viewPage } from './layout';
import { WebContext } from './web-context';
import { wallDay, wallTime } from './web-format';
import { Texts } from './web-texts';

export interface RetentionData {
  policies: RetentionPolicyView[];
  runs: RetentionRunView[];
  /** The run whose ledger is shown (the latest unless one was picked), with its entries. */
  ledger: { run: RetentionRunView; entries: ErasureLedgerEntry[] } | null;
  holds: LegalHoldView[];
  moreHolds: boolean;
  controllerNames: Map<string, string>;
}

/** How many ledger entries (one per erased batch) the page lists before saying how many more there are. */
export const LEDGER_SHOWN = 100;

const CATEGORY_NAMES: Texts<string> = {
  nl: {
    invoice: 'Facturen',
    contact: 'Contactpersonen',
    incident: 'Datalekken',
    idempotency_key: 'Idempotentiesleutels',
    data_export: 'Gegevensexports',
    data_subject_request: 'Verzoeken van betrokkenen',
    email_message: 'Verzonden e-mails',
    webhook_delivery: 'Webhookafleveringen',
  },
  en: {
    invoice: 'Invoices',
    contact: 'Contacts',
    incident: 'Breaches',
    idempotency_key: 'Idempotency keys',
    data_export: 'Data exports',
    data_subject_request: 'Data-subject requests',
    email_message: 'E-mails sent',
    webhook_delivery: 'Webhook deliveries',
  },
};

/** A retention category in words; a category added later reads as its code until it is named here. */
const categoryName = (category: string, lang: Language) => CATEGORY_NAMES[lang][category] ?? category;

/** "P7Y" as "7 jaar" / "7 years"; an ISO period luxon cannot read stays as written. */
function periodWords(period: string, lang: Language): string {
  const duration = Duration.fromISO(period, { locale: lang });
  return duration.isValid ? duration.toHuman() : period;
}

const TEXTS = {
  nl: {
    title: 'Bewaartermijnen',
    intro: 'Hoe lang elke soort gegevens bewaard blijft, wat de opschoonrondes wisten (het register zegt hoeveel, nooit wat), en welke bewaarplichten (legal holds) het wissen tegenhouden.',
    policies: 'Bewaarbeleid',
    category: 'Categorie',
    period: 'Termijn',
    anchor: 'Telt vanaf',
    end_of_financial_year: 'einde boekjaar',
    event_day: 'de dag van het feit',
    action: 'Daarna',
    delete: 'verwijderen',
    anonymize: 'anonimiseren',
    legalBasis: 'Grondslag',
    minimum: 'minimaal',
    runs: 'Laatste opschoonrondes',
    noRuns: 'Er is nog geen opschoonronde gedraaid.',
    started: 'Gestart',
    trigger: 'Aanleiding',
    manual: 'handmatig',
    schedule: 'nachtelijk',
    erasure_request: 'verzoek om verwijdering',
    dryRun: 'proefronde',
    status: 'Status',
    queued: 'in de wachtrij',
    running: 'bezig',
    completed: 'klaar',
    failed: 'mislukt',
    counts: 'Per categorie: te wissen · gewist · vastgehouden',
    by: 'door',
    showLedger: 'register',
    ledger: 'Wisregister van de ronde van',
    ledgerNone: 'Deze ronde wiste niets.',
    more: 'en nog {n} regels',
    erasedAt: 'Gewist op',
    records: 'Aantal',
    cutoff: 'Vastgelegd vóór',
    policy: 'Beleid toen',
    holds: 'Actieve bewaarplichten (legal holds)',
    noHolds: 'Er geldt geen bewaarplicht.',
    moreHolds: 'Er gelden meer bewaarplichten dan hier getoond.',
    scope: 'Geldt voor',
    allControllers: 'alle klanten',
    allCategories: 'alle categorieën',
    reason: 'Reden',
    placed: 'Geplaatst',
  },
  en: {
    title: 'Retention',
    intro: 'How long each kind of data is kept, what the sweeps erased (the ledger says how much, never what), and which legal holds stop erasure.',
    policies: 'Policies',
    category: 'Category',
    period: 'Period',
    anchor: 'Counts from',
    end_of_financial_year: 'end of the financial year',
    event_day: 'the day of the event',
    action: 'Then',
    delete: 'delete',
    anonymize: 'anonymise',
    legalBasis: 'Legal basis',
    minimum: 'at least',
    runs: 'Latest sweeps',
    noRuns: 'No sweep has run yet.',
    started: 'Started',
    trigger: 'Trigger',
    manual: 'on demand',
    schedule: 'nightly',
    erasure_request: 'erasure request',
    dryRun: 'dry run',
    status: 'Status',
    queued: 'queued',
    running: 'running',
    completed: 'completed',
    failed: 'failed',
    counts: 'Per category: due · erased · held',
    by: 'by',
    showLedger: 'ledger',
    ledger: 'Erasure ledger of the sweep of',
    ledgerNone: 'This sweep erased nothing.',
    more: 'and {n} more entries',
    erasedAt: 'Erased at',
    records: 'Records',
    cutoff: 'Dated before',
    policy: 'Policy then',
    holds: 'Active legal holds',
    noHolds: 'No legal hold is in force.',
    moreHolds: 'More legal holds are in force than shown here.',
    scope: 'Covers',
    allControllers: 'every client',
    allCategories: 'every category',
    reason: 'Reason',
    placed: 'Placed',
  },
} satisfies Texts<string>;

type T = (typeof TEXTS)['nl'];

function policiesTable(data: RetentionData, lang: Language, t: T): Html {
  return html`<section aria-labelledby="policies">
    <h2 id="policies">${t.policies}</h2>
    <table aria-labelledby="policies">
      ${columnHeads([t.category, t.period, t.anchor, t.action, t.legalBasis])}
      <tbody>
        ${data.policies.map(
          (p) =>
            html`<tr>
              <th scope="row">${categoryName(p.category, lang)}</th>
              <td class="nowrap">${periodWords(p.period, lang)}${p.minimumPeriod ? html`<br /><span class="muted">${t.minimum} ${periodWords(p.minimumPeriod.period, lang)}</span>` : ''}</td>
              <td>${(t as Record<string, string>)[p.anchor] ?? p.anchor}</td>
              <td>${(t as Record<string, string>)[p.action] ?? p.action}</td>
              <td>${p.legalBasis}${p.minimumPeriod ? html`<br /><span class="muted">${t.minimum} ${periodWords(p.minimumPeriod.period, lang)}: ${p.minimumPeriod.reason}</span>` : ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function countsCell(run: RetentionRunView, lang: Language): Html {
  const categories = Object.entries(run.counts).filter(([, c]) => c.due || c.held || c.deleted || c.anonymized);
  return html`<ul class="plain">
    ${categories.map(([category, c]) => html`<li>${categoryName(category, lang)}: ${c.due} · ${(c.deleted ?? 0) + (c.anonymized ?? 0)} · ${c.held}</li>`)}
  </ul>`;
}

function runsTable(data: RetentionData, lang: Language, t: T): Html {
  if (!data.runs.length) return html`<p class="muted">${t.noRuns}</p>`;
  return html`<table aria-labelledby="runs">
    ${columnHeads([t.started, t.trigger, t.status, t.counts])}
    <tbody>
      ${data.runs.map(
        (r) =>
          html`<tr class="${r.status === 'failed' ? 'late' : ''}">
            <th scope="row">
              <a href="/retention?run=${r.id}#ledger" ${data.ledger?.run.id === r.id ? html`aria-current="true"` : ''}
                ><time datetime="${r.createdAt.toISOString()}">${wallTime(r.createdAt, lang)}</time></a
              >
            </th>
            <td>${t[r.trigger]}${r.dryRun ? html` <span class="badge muted">${t.dryRun}</span>` : ''}<br /><span class="muted">${t.by} ${r.requestedBy}</span></td>
            <td>
              <span class="badge ${r.status === 'completed' ? 'ok' : r.status === 'failed' ? 'late' : 'soon'}">${t[r.status]}</span>${r.error ? html`<br /><span class="muted">${r.error}</span>` : ''}
            </td>
            <td>${countsCell(r, lang)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function ledgerSection(data: RetentionData, lang: Language, t: T): Html {
  if (!data.ledger) return html``;
  const { run, entries } = data.ledger;
  const shown = entries.slice(0, LEDGER_SHOWN);
  return html`<section aria-labelledby="ledger">
    <h2 id="ledger">${t.ledger} ${wallTime(run.createdAt, lang)}</h2>
    ${
      entries.length
        ? html`<table aria-labelledby="ledger">
              ${columnHeads([t.erasedAt, t.category, t.records, t.action, t.cutoff, t.policy])}
              <tbody>
                ${shown.map(
                  (e) =>
                    html`<tr>
                      <td class="nowrap"><time datetime="${e.erasedAt.toISOString()}">${wallTime(e.erasedAt, lang)}</time></td>
                      <th scope="row">${categoryName(e.category, lang)}</th>
                      <td>${e.recordCount}</td>
                      <td>${t[e.action]}</td>
                      <td class="nowrap">${wallDay(e.cutoff, lang)}</td>
                      <td>${periodWords(e.policyPeriod, lang)}, ${t[e.policyAnchor]}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            ${entries.length > shown.length ? html`<p class="muted">${t.more.replace('{n}', String(entries.length - shown.length))}</p>` : ''}`
        : html`<p class="muted">${t.ledgerNone}</p>`
    }
  </section>`;
}

function holdsSection(data: RetentionData, lang: Language, t: T): Html {
  return html`<section aria-labelledby="holds">
    <h2 id="holds">${t.holds}</h2>
    ${
      data.holds.length
        ? html`<table aria-labelledby="holds">
              ${columnHeads([t.scope, t.reason, t.placed])}
              <tbody>
                ${data.holds.map(
                  (h) =>
                    html`<tr>
                      <th scope="row">
                        ${h.scope.controllerId ? (data.controllerNames.get(h.scope.controllerId) ?? h.scope.controllerId) : t.allControllers} ·
                        ${h.scope.category ? categoryName(h.scope.category, lang) : t.allCategories}
                      </th>
                      <td>${h.reason}</td>
                      <td class="nowrap"><time datetime="${h.placedAt.toISOString()}">${wallDay(h.placedAt, lang)}</time><br /><span class="muted">${t.by} ${h.placedBy}</span></td>
                    </tr>`,
                )}
              </tbody>
            </table>
            ${data.moreHolds ? html`<p class="muted">${t.moreHolds}</p>` : ''}`
        : html`<p class="muted">${t.noHolds}</p>`
    }
  </section>`;
}

export function retentionPage(web: WebContext, data: RetentionData): Html {
  const t = TEXTS[web.lang];
  const lang = web.lang;
  return viewPage(
    web,
    t,
    html` ${policiesTable(data, lang, t)} ${holdsSection(data, lang, t)}
      <section aria-labelledby="runs">
        <h2 id="runs">${t.runs}</h2>
        ${runsTable(data, lang, t)}
      </section>
      ${ledgerSection(data, lang, t)}`,
  );
}
