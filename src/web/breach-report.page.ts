import { draftTexts } from '../incidents/authority-draft-texts';
import { BREACH_NATURES, INCIDENT_ROLES, PERSONAL_DATA_KINDS } from '../incidents/incident.entity';
import type { NamedChoice, ProcessorReportChoices } from '../incidents/report-choices.query';
import { BREACH_TEXTS } from './breach.page';
import { REPORT_FIELDS } from './breach-forms';
import { checkboxField, checkboxGroup, fieldset, formAlert, selectField, textArea, textField } from './form-fields';
import { html, Html } from './html';
import { csrfField, page } from './layout';
import { WebContext } from './web-context';
import { localInputValue } from './web-format';
import { Texts } from './web-texts';
import type { FormState } from './web-validation';

export interface BreachReportData {
  now: Date;
  /** Every processor, for an officer to choose from; null for a reporter, whose processor is its key's. */
  processors: NamedChoice[] | null;
  /** The processor reported for, with what its report can name; null until one is chosen. */
  choices: ProcessorReportChoices | null;
  /** Sent with the form: a second submit of the same report (a double click, a reload) answers the first breach. */
  idempotencyKey: string;
  /** Part of a controller's name the list was narrowed to. */
  q?: string;
  refused?: FormState;
}

const TEXTS: Texts<
  | 'title'
  | 'intro'
  | 'chooseProcessor'
  | 'processor'
  | 'next'
  | 'noProcessors'
  | 'otherProcessor'
  | 'report'
  | 'known'
  | 'knownIntro'
  | 'role'
  | 'roleProcessor'
  | 'roleController'
  | 'breachTitle'
  | 'awareAt'
  | 'awareAtHint'
  | 'controllers'
  | 'controllersHint'
  | 'noControllers'
  | 'noAgreementInForce'
  | 'scope'
  | 'scopeHint'
  | 'scopeAll'
  | 'scopeSubProcessor'
  | 'scopeSubProcessorHint'
  | 'subProcessor'
  | 'subProcessorHint'
  | 'reporter'
  | 'reporterName'
  | 'reporterEmail'
  | 'reporterPhone'
  | 'reporterFunction'
  | 'description'
  | 'occurredAt'
  | 'nature'
  | 'personalDataKinds'
  | 'dataCategories'
  | 'specialCategories'
  | 'linesHint'
  | 'approxDataSubjects'
  | 'approxRecords'
  | 'dataEncrypted'
  | 'unknown'
  | 'yes'
  | 'no'
  | 'likelyConsequences'
  | 'measuresTaken'
  | 'submit'
  | 'refused'
  | 'none'
  | 'search'
  | 'searchLabel'
  | 'searchHint'
  | 'listed'
  | 'noMatch'
> = {
  nl: {
    title: 'Datalek melden',
    intro: 'Meld wat u nu weet; de rest vult u later aan (art. 33(4) AVG). Na het melden lopen de termijnen per verwerkingsverantwoordelijke.',
    chooseProcessor: 'Voor welke verwerker meldt u?',
    processor: 'Verwerker',
    next: 'Verder',
    noProcessors: 'Er is nog geen verwerker vastgelegd; leg er eerst een vast via de API (POST /api/v1/processors).',
    otherProcessor: 'Andere verwerker kiezen',
    report: 'De melding',
    known: 'Wat er al bekend is',
    knownIntro: 'Niet verplicht bij de eerste melding; wat nog niet bekend is, vult u later aan.',
    role: 'Rol van de organisatie',
    roleProcessor: 'verwerker: het lek raakt gegevens van klanten',
    roleController: 'verwerkingsverantwoordelijke: het lek raakt eigen gegevens',
    breachTitle: 'Korte omschrijving',
    awareAt: 'Bekend sinds',
    awareAtHint: 'Nederlandse tijd; bij een lek bij een subverwerker: wanneer die het u meldde',
    controllers: 'Getroffen verwerkingsverantwoordelijken',
    controllersHint: 'Ieder krijgt een eigen termijn volgens de verwerkersovereenkomst. Bij een lek als verwerker kiest u er minstens één, hier of hieronder.',
    noControllers: 'Deze verwerker heeft nog geen verwerkersovereenkomsten.',
    noAgreementInForce: '(geen overeenkomst meer van kracht)',
    scope: 'Of: alle getroffenen in één keer',
    scopeHint: 'Bepaald bij het melden, met de overeenkomsten van kracht op het moment dat het lek bekend werd. Kies hoogstens één.',
    scopeAll: 'alle verwerkingsverantwoordelijken met een overeenkomst met deze verwerker',
    scopeSubProcessor: 'allen die deze subverwerker gebruiken',
    scopeSubProcessorHint: 'ook als het lek daar ontstond',
    subProcessor: 'Ontstaan bij subverwerker',
    subProcessorHint: 'alleen als het lek bij een subverwerker ontstond en u geen bereik via die subverwerker koos',
    reporter: 'Melder',
    reporterName: 'Naam',
    reporterEmail: 'E-mailadres',
    reporterPhone: 'Telefoonnummer',
    reporterFunction: 'Functie',
    description: 'Wat is er gebeurd?',
    occurredAt: 'Begonnen op',
    nature: 'Aard van het lek',
    personalDataKinds: 'Soorten persoonsgegevens',
    dataCategories: 'Omschrijving van de gegevens',
    specialCategories: 'Bijzondere persoonsgegevens',
    linesHint: 'één per regel',
    approxDataSubjects: 'Aantal betrokkenen (ongeveer)',
    approxRecords: 'Aantal records (ongeveer)',
    dataEncrypted: 'Waren de gegevens versleuteld of gehasht?',
    unknown: 'nog onbekend',
    yes: 'ja',
    no: 'nee',
    likelyConsequences: 'Waarschijnlijke gevolgen',
    measuresTaken: 'Genomen maatregelen',
    submit: 'Datalek melden',
    refused: 'Het datalek is niet gemeld. Verbeter de gemarkeerde velden.',
    none: '—',
    search: 'Zoeken',
    searchLabel: 'Verwerkingsverantwoordelijken zoeken op naam',
    searchHint: 'zoek vóór u de melding invult: zoeken laadt het formulier opnieuw',
    listed: 'getoond: {shown} van {total}, op naam; zoek hierboven om andere te kiezen',
    noMatch: 'Geen verwerkingsverantwoordelijke met deze naam.',
  },
  en: {
    title: 'Report a breach',
    intro: 'Report what you know now; add the rest later (Art. 33(4) GDPR). Once reported, the clocks run per controller.',
    chooseProcessor: 'Which processor are you reporting for?',
    processor: 'Processor',
    next: 'Continue',
    noProcessors: 'No processor has been recorded yet; record one through the API first (POST /api/v1/processors).',
    otherProcessor: 'Choose another processor',
    report: 'The report',
    known: 'What is known already',
    knownIntro: 'Not required in the first report; add what is not known yet later.',
    role: 'Role of the organisation',
    roleProcessor: 'processor: the breach concerns clients’ data',
    roleController: 'controller: the breach concerns its own data',
    breachTitle: 'Short description',
    awareAt: 'Aware since',
    awareAtHint: 'Dutch time; for a breach at a sub-processor: when it told you',
    controllers: 'Controllers affected',
    controllersHint: 'Each gets a deadline of its own, as its processor agreement says. A processor-role breach names at least one, here or below.',
    noControllers: 'This processor has no processor agreements yet.',
    noAgreementInForce: '(no agreement in force any more)',
    scope: 'Or: everyone affected at once',
    scopeHint: 'Resolved when you report, with the agreements in force when the breach became known. Choose one at most.',
    scopeAll: 'every controller with an agreement with this processor',
    scopeSubProcessor: 'everyone using this sub-processor',
    scopeSubProcessorHint: 'also when the breach happened there',
    subProcessor: 'Happened at sub-processor',
    subProcessorHint: 'only when the breach happened at a sub-processor and you chose no scope through it',
    reporter: 'Reporter',
    reporterName: 'Name',
    reporterEmail: 'E-mail address',
    reporterPhone: 'Phone number',
    reporterFunction: 'Job title',
    description: 'What happened?',
    occurredAt: 'Started at',
    nature: 'Nature of the breach',
    personalDataKinds: 'Kinds of personal data',
    dataCategories: 'Description of the data',
    specialCategories: 'Special categories of personal data',
    linesHint: 'one per line',
    approxDataSubjects: 'Data subjects (approx.)',
    approxRecords: 'Records (approx.)',
    dataEncrypted: 'Were the data encrypted or hashed?',
    unknown: 'not known yet',
    yes: 'yes',
    no: 'no',
    likelyConsequences: 'Likely consequences',
    measuresTaken: 'Measures taken',
    submit: 'Report the breach',
    refused: 'The breach was not reported. Correct the marked fields.',
    none: '—',
    search: 'Search',
    searchLabel: 'Search controllers by name',
    searchHint: 'search before filling in the report: searching loads the form again',
    listed: 'showing {shown} of {total}, by name; search above to choose others',
    noMatch: 'No controller by that name.',
  },
};

type T = (typeof TEXTS)['nl'];

/** An officer's first step: the processor, chosen with a plain GET so the form that follows can offer its controllers. */
function processorStep(processors: NamedChoice[], t: T, choose: string): Html {
  if (!processors.length) return html`<p class="alert" role="alert">${t.noProcessors}</p>`;
  return html`<form method="get" action="/breaches/new" class="stacked panel" aria-labelledby="processor-heading">
    <h2 id="processor-heading">${t.chooseProcessor}</h2>
    ${selectField({ form: 'choose', name: 'processorId', label: t.processor, required: true, empty: choose, options: processors.map((p) => ({ value: p.id, label: p.name })) })}
    <button type="submit" class="primary">${t.next}</button>
  </form>`;
}

function reportForm(web: WebContext, data: BreachReportData, choices: ProcessorReportChoices, t: T): Html {
  const lang = web.lang;
  const state = data.refused;
  const f = { form: 'report', state };
  const breach = BREACH_TEXTS[lang];
  const kinds = draftTexts(lang).codes.personalDataKind;
  const chooseAnother = data.processors && data.processors.length > 1;
  // A refusal of a field with no control here (the processor, a sub-processor where there is none to choose) shows above the form.
  const shown = [...REPORT_FIELDS.filter((name) => name !== 'processorId' && (choices.subProcessors.length > 0 || !name.endsWith('subProcessorId'))), 'affectedScope', 'reporter'];
  const narrowed = data.q !== undefined || choices.matchingControllers > choices.controllers.length;
  const count = (n: number) => n.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB');
  const search = narrowed
    ? html`<form method="get" action="/breaches/new" class="filters" role="search" aria-label="${t.searchLabel}">
        <input type="hidden" name="processorId" value="${choices.processor.id}" />
        <div>
          <label for="controller-search">${t.searchLabel} <span class="hint" id="controller-search-hint">${t.searchHint}</span></label>
          <input type="search" id="controller-search" name="q" value="${data.q ?? ''}" aria-describedby="controller-search-hint" />
        </div>
        <button type="submit" class="primary">${t.search}</button>
      </form>`
    : html``;
  const listedNote =
    choices.matchingControllers > choices.controllers.length ? t.listed.replace('{shown}', count(choices.controllers.length)).replace('{total}', count(choices.matchingControllers)) : undefined;
  return html`${search}
    <form method="post" action="/breaches" class="stacked" aria-label="${t.title}">
      ${formAlert(state, shown, t.refused)} ${csrfField(web)}
      <input type="hidden" name="processorId" value="${choices.processor.id}" />
      <input type="hidden" name="idempotencyKey" value="${data.idempotencyKey}" />
      ${data.q !== undefined ? html`<input type="hidden" name="q" value="${data.q}" />` : ''}
      <div class="grid2">
        <section class="panel" aria-labelledby="report-heading">
          <h2 id="report-heading">${t.report}</h2>
          <p>${t.processor}: <strong>${choices.processor.name}</strong>${chooseAnother ? html` · <a href="/breaches/new">${t.otherProcessor}</a>` : ''}</p>
          ${selectField({ ...f, name: 'role', label: t.role, options: INCIDENT_ROLES.map((r) => ({ value: r, label: r === 'processor' ? t.roleProcessor : t.roleController })) })}
          ${textField({ ...f, name: 'title', label: t.breachTitle, required: true })}
          ${textField({ ...f, name: 'awareAt', label: t.awareAt, hint: t.awareAtHint, type: 'datetime-local', required: true, value: localInputValue(data.now) })}
          ${
            choices.controllers.length
              ? checkboxGroup({
                  ...f,
                  name: 'affectedControllerIds',
                  label: t.controllers,
                  hint: listedNote ? `${t.controllersHint} (${listedNote})` : t.controllersHint,
                  scroll: choices.controllers.length > 8,
                  options: choices.controllers.map((c) => ({ value: c.id, label: c.name, note: c.inForce ? undefined : t.noAgreementInForce })),
                })
              : fieldset({ ...f, name: 'affectedControllerIds', label: t.controllers }, html`<p class="muted">${data.q !== undefined ? t.noMatch : t.noControllers}</p>`)
          }
          ${fieldset(
            { ...f, name: 'affectedScope', label: t.scope, hint: t.scopeHint },
            html`${checkboxField({ ...f, name: 'affectedScope.allControllersOfProcessor', label: t.scopeAll, value: 'true' })}
            ${
              choices.subProcessors.length
                ? selectField({
                    ...f,
                    name: 'affectedScope.subProcessorId',
                    label: t.scopeSubProcessor,
                    hint: t.scopeSubProcessorHint,
                    empty: t.none,
                    options: choices.subProcessors.map((s) => ({ value: s.id, label: `${s.name} (${s.service})` })),
                  })
                : ''
            }`,
          )}
          ${
            choices.subProcessors.length
              ? selectField({
                  ...f,
                  name: 'subProcessorId',
                  label: t.subProcessor,
                  hint: t.subProcessorHint,
                  empty: t.none,
                  options: choices.subProcessors.map((s) => ({ value: s.id, label: `${s.name} (${s.service})` })),
                })
              : ''
          }
          ${fieldset(
            { ...f, name: 'reporter', label: t.reporter },
            html`${textField({ ...f, name: 'reporter.name', label: t.reporterName, required: true })} ${textField({ ...f, name: 'reporter.email', label: t.reporterEmail, type: 'email', required: true })}
            ${textField({ ...f, name: 'reporter.phone', label: t.reporterPhone, type: 'tel' })} ${textField({ ...f, name: 'reporter.function', label: t.reporterFunction })}`,
          )}
        </section>
        <section class="panel" aria-labelledby="known-heading">
          <h2 id="known-heading">${t.known}</h2>
          <p class="muted">${t.knownIntro}</p>
          ${textArea({ ...f, name: 'description', label: t.description })} ${textField({ ...f, name: 'occurredAt', label: t.occurredAt, hint: breach.notifiedAtHint, type: 'datetime-local' })}
          ${checkboxGroup({ ...f, name: 'nature', label: t.nature, options: BREACH_NATURES.map((n) => ({ value: n, label: breach[n] })) })}
          ${checkboxGroup({ ...f, name: 'personalDataKinds', label: t.personalDataKinds, options: PERSONAL_DATA_KINDS.map((k) => ({ value: k, label: kinds[k] ?? k })) })}
          ${textArea({ ...f, name: 'dataCategories', label: t.dataCategories, hint: t.linesHint })} ${textArea({ ...f, name: 'specialCategories', label: t.specialCategories, hint: t.linesHint })}
          ${textField({ ...f, name: 'approxDataSubjects', label: t.approxDataSubjects, type: 'number' })} ${textField({ ...f, name: 'approxRecords', label: t.approxRecords, type: 'number' })}
          ${selectField({
            ...f,
            name: 'dataEncrypted',
            label: t.dataEncrypted,
            empty: t.unknown,
            options: [
              { value: 'true', label: t.yes },
              { value: 'false', label: t.no },
            ],
          })}
          ${textArea({ ...f, name: 'likelyConsequences', label: t.likelyConsequences })} ${textArea({ ...f, name: 'measuresTaken', label: t.measuresTaken })}
        </section>
      </div>
      <button type="submit" class="primary">${t.submit}</button>
    </form>`;
}

/** "Datalek melden": the processor (an officer chooses it, a reporter's is its key's), then the report the API takes. */
export function breachReportPage(web: WebContext, data: BreachReportData): Html {
  const t = TEXTS[web.lang];
  return page(
    web,
    t.title,
    html`<p><a href="/breaches">← ${BREACH_TEXTS[web.lang].register}</a></p>
      <h1>${t.title}</h1>
      <p class="sub">${t.intro}</p>
      ${data.choices ? reportForm(web, data, data.choices, t) : processorStep(data.processors ?? [], t, BREACH_TEXTS[web.lang].choose)}`,
  );
}
