import type { Language } from '../common/language';
import type { DeadlineAbout } from '../deadlines/deadline-kinds';
import type { IncidentDetail } from '../incidents/incident.view';
import { NOTIFICATION_KINDS, NOTIFICATION_PHASES } from '../incidents/incident-notification.entity';
import { RISK_LEVELS } from '../incidents/incident.entity';
import { NOTIFICATION_FIELDS, RISK_FIELDS, UPDATE_FIELDS } from './breach-forms';
import { formAlert, selectField, textArea, textField } from './form-fields';
import { html, Html } from './html';
import { columnHeads, csrfField, page } from './layout';
import { WebContext } from './web-context';
import { localInputValue, timeLeft, wallTime } from './web-format';
import { COMMON_TEXTS, deadlineStatusName, kindName, Texts } from './web-texts';
import type { FormState } from './web-validation';

/** Which breach forms this person may use: as the API's roles for the same routes. */
export interface BreachForms {
  update: boolean;
  notification: boolean;
  riskDecision: boolean;
}

export const BREACH_FORMS = ['update', 'notification', 'risk'] as const;
export type BreachFormName = (typeof BREACH_FORMS)[number];
/** What the page may say was saved just now: one of its forms, or the report that created the breach. */
export const SAVED_NOTICES = [...BREACH_FORMS, 'report'] as const;
export type SavedNotice = (typeof SAVED_NOTICES)[number];

export interface BreachPageData {
  incident: IncidentDetail;
  now: Date;
  /** What each of the breach's deadlines is about, by deadline id: the controllers by name. */
  about: Map<string, DeadlineAbout>;
  may: BreachForms;
  /** A form refused just now, shown again with its messages. */
  refused?: { form: BreachFormName; state: FormState };
  /** A form saved just now. */
  saved?: SavedNotice;
}

export const BREACH_TEXTS = {
  nl: {
    register: 'Datalekken',
    status: 'Status',
    open: 'open',
    notified: 'gemeld',
    closed: 'gesloten',
    risk: 'Risico',
    risk_none: 'geen risico',
    risk_risk: 'risico',
    risk_high: 'hoog risico',
    notAssessed: 'nog niet beoordeeld',
    facts: 'Feiten',
    awareAt: 'Bekend sinds',
    occurredAt: 'Ontstaan',
    endedAt: 'Beëindigd',
    nature: 'Aard',
    dataCategories: 'Gegevens',
    subjects: 'Betrokkenen (circa)',
    records: 'Records (circa)',
    reporter: 'Melder',
    description: 'Omschrijving',
    measuresTaken: 'Genomen maatregelen',
    likelyConsequences: 'Waarschijnlijke gevolgen',
    unknown: 'nog onbekend',
    deadlines: 'Termijnen',
    due: 'Uiterlijk',
    left: 'Tijd',
    what: 'Termijn',
    controller: 'Verwerkingsverantwoordelijke',
    metAt: 'afgehandeld',
    severity: 'Ernst en advies',
    noSeverity: 'Er is nog geen ernstbeoordeling (ENISA) vastgelegd; dat kan via de API (PUT …/severity-assessment).',
    level: 'Ernst',
    score: 'score',
    adviceAuthority: 'Melden aan de AP',
    adviceSubjects: 'Betrokkenen informeren',
    advised: 'geadviseerd',
    notAdvised: 'niet nodig',
    provisional: 'Voorlopig: onbekende feiten zijn in het ergste geval aangenomen.',
    missing: 'Nog onbekend',
    decision: 'Besluit over het risico',
    reasoning: 'Onderbouwing',
    draft: 'Concept-melding aan de AP',
    draftView: 'Bekijken',
    draftPdf: 'Downloaden (PDF)',
    timeline: 'Tijdlijn',
    notifications: 'Meldingen',
    noNotifications: 'Nog geen meldingen vastgelegd.',
    notifiedAt: 'Gemeld op',
    channel: 'Kanaal',
    reference: 'Kenmerk',
    phase: 'Fase',
    addUpdate: 'Aanvulling toevoegen',
    note: 'Wat is er nieuw?',
    measuresPlanned: 'Geplande maatregelen',
    saveUpdate: 'Aanvulling opslaan',
    recordNotification: 'Melding vastleggen',
    kind: 'Soort melding',
    controllerHint: 'alleen bij een melding aan een verwerkingsverantwoordelijke',
    notifiedAtHint: 'Nederlandse tijd',
    lateReason: 'Reden van te laat melden',
    lateReasonHint: 'verplicht als de termijn verstreken is (art. 33(1))',
    message: 'Verzonden of gepubliceerde tekst',
    saveNotification: 'Melding vastleggen',
    riskDecision: 'Risicobesluit vastleggen',
    riskLevel: 'Risico',
    noAuthorityNotificationReason: 'Waarom niet melden aan de AP',
    noAuthorityNotificationReasonHint: 'verplicht bij geen risico',
    departureReason: 'Waarom afwijken van het advies',
    departureReasonHint: 'verplicht als het besluit lager uitvalt dan het advies',
    saveRisk: 'Besluit vastleggen',
    refused: 'Niet opgeslagen. Verbeter de gemarkeerde velden.',
    saved: 'Opgeslagen.',
    reported: 'Het datalek is gemeld; de termijnen hieronder lopen.',
    choose: '— kies —',
    initial: 'eerste melding',
    follow_up: 'aanvulling',
    final: 'definitief',
    readOnly: 'U kunt dit datalek bekijken, niet wijzigen.',
    confidentiality: 'vertrouwelijkheid',
    integrity: 'integriteit',
    availability: 'beschikbaarheid',
    event_reported: 'Gemeld',
    event_update: 'Aanvulling',
    event_severity_assessment: 'Ernst beoordeeld',
    event_risk_assessment: 'Risicobesluit',
    event_notification: 'Melding gedaan',
    event_deadline_cancelled: 'Termijn vervallen',
    event_closed: 'Gesloten',
  },
  en: {
    register: 'Breaches',
    status: 'Status',
    open: 'open',
    notified: 'notified',
    closed: 'closed',
    risk: 'Risk',
    risk_none: 'no risk',
    risk_risk: 'risk',
    risk_high: 'high risk',
    notAssessed: 'not assessed yet',
    facts: 'Facts',
    awareAt: 'Aware since',
    occurredAt: 'Occurred',
    endedAt: 'Ended',
    nature: 'Nature',
    dataCategories: 'Data',
    subjects: 'Data subjects (approx.)',
    records: 'Records (approx.)',
    reporter: 'Reported by',
    description: 'Description',
    measuresTaken: 'Measures taken',
    likelyConsequences: 'Likely consequences',
    unknown: 'not known yet',
    deadlines: 'Deadlines',
    due: 'Due',
    left: 'Time',
    what: 'Deadline',
    controller: 'Controller',
    metAt: 'done',
    severity: 'Severity and recommendation',
    noSeverity: 'No severity assessment (ENISA) has been recorded yet; the API takes one (PUT …/severity-assessment).',
    level: 'Severity',
    score: 'score',
    adviceAuthority: 'Notify the AP',
    adviceSubjects: 'Inform the data subjects',
    advised: 'recommended',
    notAdvised: 'not needed',
    provisional: 'Provisional: unknown facts were assumed at their worst.',
    missing: 'Not known yet',
    decision: 'Risk decision',
    reasoning: 'Reasoning',
    draft: 'Draft notification to the AP',
    draftView: 'View',
    draftPdf: 'Download (PDF)',
    timeline: 'Timeline',
    notifications: 'Notifications',
    noNotifications: 'No notification recorded yet.',
    notifiedAt: 'Notified at',
    channel: 'Channel',
    reference: 'Reference',
    phase: 'Phase',
    addUpdate: 'Add an update',
    note: 'What is new?',
    measuresPlanned: 'Measures planned',
    saveUpdate: 'Save the update',
    recordNotification: 'Record a notification',
    kind: 'Kind of notification',
    controllerHint: 'only for a notification to a controller',
    notifiedAtHint: 'Dutch time',
    lateReason: 'Why it was late',
    lateReasonHint: 'required when the deadline has passed (Art. 33(1))',
    message: 'Text sent or published',
    saveNotification: 'Record the notification',
    riskDecision: 'Record the risk decision',
    riskLevel: 'Risk',
    noAuthorityNotificationReason: 'Why the AP is not notified',
    noAuthorityNotificationReasonHint: 'required with no risk',
    departureReason: 'Why the decision departs from the recommendation',
    departureReasonHint: 'required when the decision is lower than recommended',
    saveRisk: 'Record the decision',
    refused: 'Not saved. Correct the marked fields.',
    saved: 'Saved.',
    reported: 'The breach has been reported; the deadlines below are running.',
    choose: '— choose —',
    initial: 'initial',
    follow_up: 'follow-up',
    final: 'final',
    readOnly: 'You can read this breach, not change it.',
    confidentiality: 'confidentiality',
    integrity: 'integrity',
    availability: 'availability',
    event_reported: 'Reported',
    event_update: 'Update',
    event_severity_assessment: 'Severity assessed',
    event_risk_assessment: 'Risk decision',
    event_notification: 'Notification made',
    event_deadline_cancelled: 'Deadline cancelled',
    event_closed: 'Closed',
  },
} satisfies Texts<string>;

type T = (typeof BREACH_TEXTS)['nl'];

export const incidentStatusName = (status: string, lang: Language) => (BREACH_TEXTS[lang] as Record<string, string>)[status] ?? status;
export const riskLevelName = (level: string | null, lang: Language) => (level ? ((BREACH_TEXTS[lang] as Record<string, string>)[`risk_${level}`] ?? level) : BREACH_TEXTS[lang].notAssessed);

/** A code of the record in words, where this page has words for it; the code itself otherwise. */
const named = (t: T, key: string) => (t as Record<string, string>)[key] ?? key;

const when = (at: string | null, lang: Language, t: T) => (at ? html`<time datetime="${at}">${wallTime(new Date(at), lang)}</time>` : html`<span class="muted">${t.unknown}</span>`);

function factsPanel(i: IncidentDetail, lang: Language, t: T): Html {
  const list = (values: string[] | null | undefined) => (values?.length ? values.join(', ') : html`<span class="muted">${t.unknown}</span>`);
  const text = (value: string | null | undefined) => (value ? value : html`<span class="muted">${t.unknown}</span>`);
  return html`<section class="panel" aria-labelledby="facts">
    <h2 id="facts">${t.facts}</h2>
    <dl class="facts">
      <dt>${t.awareAt}</dt>
      <dd>${when(i.awareAt, lang, t)}</dd>
      <dt>${t.occurredAt}</dt>
      <dd>${when(i.occurredAt, lang, t)}</dd>
      <dt>${t.endedAt}</dt>
      <dd>${when(i.endedAt, lang, t)}</dd>
      <dt>${t.nature}</dt>
      <dd>${list(i.nature?.map((n) => named(t, n)))}</dd>
      <dt>${t.dataCategories}</dt>
      <dd>${list([...(i.dataCategories ?? []), ...(i.specialCategories ?? [])])}</dd>
      <dt>${t.subjects}</dt>
      <dd>${i.approxDataSubjects ?? html`<span class="muted">${t.unknown}</span>`}</dd>
      <dt>${t.records}</dt>
      <dd>${i.approxRecords ?? html`<span class="muted">${t.unknown}</span>`}</dd>
      <dt>${t.reporter}</dt>
      <dd>${i.reporter.name} (${i.reporter.email})</dd>
      <dt>${t.description}</dt>
      <dd>${text(i.description)}</dd>
      <dt>${t.likelyConsequences}</dt>
      <dd>${text(i.likelyConsequences)}</dd>
      <dt>${t.measuresTaken}</dt>
      <dd>${text(i.measuresTaken)}</dd>
    </dl>
  </section>`;
}

function deadlinesTable(data: BreachPageData, lang: Language, t: T): Html {
  const rows = data.incident.deadlines;
  return html`<table aria-labelledby="deadlines">
    ${columnHeads([t.what, t.controller, t.due, t.left, t.status])}
    <tbody>
      ${rows.map((d) => {
        const due = new Date(d.dueAt!);
        const open = d.status === 'pending' || d.status === 'missed';
        const late = d.status === 'missed' || d.status === 'met_late' || (d.status === 'pending' && due < data.now);
        const badge = late ? 'late' : d.status === 'met' ? 'ok' : d.status === 'pending' ? 'soon' : 'muted';
        return html`<tr class="${open && late ? 'late' : ''}">
          <th scope="row">${kindName(d.kind, lang)}</th>
          <td>${data.about.get(d.id)?.controllerName ?? ''}</td>
          <td class="nowrap">${when(d.dueAt, lang, t)}</td>
          <td class="nowrap">${open ? timeLeft(due, data.now, lang) : d.metAt ? html`${t.metAt} ${when(d.metAt, lang, t)}` : ''}</td>
          <td><span class="badge ${badge}">${deadlineStatusName(d.status, lang)}</span>${d.lateReason ? html`<br /><span class="muted">${d.lateReason}</span>` : ''}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function severityPanel(i: IncidentDetail, lang: Language, t: T): Html {
  const s = i.severityAssessment;
  const decision = html`<h3>${t.decision}</h3>
    <p><span class="badge ${i.riskLevel === 'high' ? 'late' : i.riskLevel === 'risk' ? 'soon' : 'muted'}">${riskLevelName(i.riskLevel, lang)}</span></p>
    ${i.riskReasoning ? html`<p>${i.riskReasoning}</p>` : ''} ${i.departureReason ? html`<p class="muted">${t.departureReason}: ${i.departureReason}</p>` : ''}`;
  if (!s)
    return html`<section class="panel" aria-labelledby="severity">
      <h2 id="severity">${t.severity}</h2>
      <p class="muted">${t.noSeverity}</p>
      ${decision}
    </section>`;
  const advice = (label: string, a: { recommended: boolean; reasons: { article: string | null; text: string }[] }) =>
    html`<dt>${label}</dt>
      <dd>
        <span class="badge ${a.recommended ? 'late' : 'ok'}">${a.recommended ? t.advised : t.notAdvised}</span>
        <ul>
          ${a.reasons.map((r) => html`<li>${r.article ? html`<strong>${r.article}</strong> ` : ''}${r.text}</li>`)}
        </ul>
      </dd>`;
  return html`<section class="panel" aria-labelledby="severity">
    <h2 id="severity">${t.severity}</h2>
    <dl class="facts">
      <dt>${t.level}</dt>
      <dd><strong>${s.severity.level}</strong> (${t.score} ${s.severity.score}) — ${s.severity.meaning}</dd>
      ${advice(t.adviceAuthority, s.recommendation.notifyAuthority)} ${advice(t.adviceSubjects, s.recommendation.informDataSubjects)}
      ${
        s.missing.length
          ? html`<dt>${t.missing}</dt>
              <dd>${s.missing.join(', ')}</dd>`
          : ''
      }
    </dl>
    ${s.recommendation.provisional ? html`<p class="muted">${t.provisional}</p>` : ''} ${decision}
  </section>`;
}

function timeline(i: IncidentDetail, lang: Language, t: T): Html {
  return html`<section aria-labelledby="timeline">
    <h2 id="timeline">${t.timeline}</h2>
    <ol class="timeline">
      ${i.timeline.map((u) => html`<li><strong>${named(t, `event_${u.type}`)}</strong> · ${when(u.at, lang, t)} · <span class="muted">${u.actorName}</span>${u.note ? html`<br />${u.note}` : ''}</li>`)}
    </ol>
  </section>`;
}

function notificationsTable(data: BreachPageData, lang: Language, t: T): Html {
  const rows = data.incident.notifications;
  const names = controllerNames(data);
  return html`<section aria-labelledby="notifications">
    <h2 id="notifications">${t.notifications}</h2>
    ${
      rows.length
        ? html`<table aria-labelledby="notifications">
            ${columnHeads([t.kind, t.notifiedAt, t.phase, t.channel, t.reference])}
            <tbody>
              ${rows.map(
                (n) =>
                  html`<tr>
                    <th scope="row">${kindName(n.kind, lang)}${n.controllerId ? html`<br /><span class="muted">${names.get(n.controllerId) ?? n.controllerId}</span>` : ''}</th>
                    <td>${when(n.notifiedAt, lang, t)}</td>
                    <td>${named(t, n.phase)}</td>
                    <td>${n.channel ?? ''}</td>
                    <td>${n.reference ?? ''}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="muted">${t.noNotifications}</p>`
    }
  </section>`;
}

/** The affected controllers by name, as their deadlines describe them; an id where none does. */
function controllerNames(data: BreachPageData): Map<string, string> {
  const names = new Map<string, string>();
  for (const d of data.incident.deadlines) {
    const name = data.about.get(d.id)?.controllerName;
    if (d.controllerId && name) names.set(d.controllerId, name);
  }
  return names;
}

function stateFor(data: BreachPageData, form: BreachFormName): FormState | undefined {
  return data.refused?.form === form ? data.refused.state : undefined;
}

function updateForm(web: WebContext, data: BreachPageData, t: T): Html {
  const state = stateFor(data, 'update');
  const f = { form: 'update', state };
  return html`<form method="post" action="/breaches/${data.incident.id}/updates" class="stacked panel" aria-labelledby="update-title">
    <h2 id="update-title">${t.addUpdate}</h2>
    ${formAlert(state, UPDATE_FIELDS, t.refused)} ${csrfField(web)} ${textArea({ ...f, name: 'note', label: t.note, required: true })} ${textArea({ ...f, name: 'measuresTaken', label: t.measuresTaken })}
    ${textArea({ ...f, name: 'likelyConsequences', label: t.likelyConsequences })} ${textArea({ ...f, name: 'measuresPlanned', label: t.measuresPlanned })}
    <button type="submit" class="primary">${t.saveUpdate}</button>
  </form>`;
}

function notificationForm(web: WebContext, data: BreachPageData, t: T): Html {
  const state = stateFor(data, 'notification');
  const f = { form: 'notification', state };
  const lang = web.lang;
  const controllers = [...controllerNames(data)].map(([value, label]) => ({ value, label }));
  return html`<form method="post" action="/breaches/${data.incident.id}/notifications" class="stacked panel" aria-labelledby="notification-title">
    <h2 id="notification-title">${t.recordNotification}</h2>
    ${formAlert(state, NOTIFICATION_FIELDS, t.refused)} ${csrfField(web)}
    ${selectField({ ...f, name: 'kind', label: t.kind, required: true, empty: t.choose, options: NOTIFICATION_KINDS.map((k) => ({ value: k, label: kindName(k, lang) })) })}
    ${selectField({ ...f, name: 'controllerId', label: t.controller, hint: t.controllerHint, empty: '—', options: controllers })}
    ${textField({ ...f, name: 'notifiedAt', label: t.notifiedAt, hint: t.notifiedAtHint, type: 'datetime-local', required: true, value: localInputValue(data.now) })}
    ${selectField({ ...f, name: 'phase', label: t.phase, options: NOTIFICATION_PHASES.map((p) => ({ value: p, label: t[p] })) })} ${textField({ ...f, name: 'channel', label: t.channel })}
    ${textField({ ...f, name: 'reference', label: t.reference })} ${textArea({ ...f, name: 'message', label: t.message })}
    ${textArea({ ...f, name: 'lateReason', label: t.lateReason, hint: t.lateReasonHint })}
    <button type="submit" class="primary">${t.saveNotification}</button>
  </form>`;
}

function riskForm(web: WebContext, data: BreachPageData, t: T): Html {
  const state = stateFor(data, 'risk');
  const f = { form: 'risk', state };
  return html`<form method="post" action="/breaches/${data.incident.id}/risk-decision" class="stacked panel" aria-labelledby="risk-title">
    <h2 id="risk-title">${t.riskDecision}</h2>
    ${formAlert(state, RISK_FIELDS, t.refused)} ${csrfField(web)}
    ${selectField({ ...f, name: 'riskLevel', label: t.riskLevel, required: true, empty: t.choose, options: RISK_LEVELS.map((r) => ({ value: r, label: riskLevelName(r, web.lang) })) })}
    ${textArea({ ...f, name: 'reasoning', label: t.reasoning, required: true })}
    ${textArea({ ...f, name: 'noAuthorityNotificationReason', label: t.noAuthorityNotificationReason, hint: t.noAuthorityNotificationReasonHint })}
    ${textArea({ ...f, name: 'departureReason', label: t.departureReason, hint: t.departureReasonHint })}
    <button type="submit" class="primary">${t.saveRisk}</button>
  </form>`;
}

export function breachPage(web: WebContext, data: BreachPageData): Html {
  const t = BREACH_TEXTS[web.lang];
  const i = data.incident;
  const lang = web.lang;
  const anyForm = data.may.update || data.may.notification || data.may.riskDecision;
  return page(
    web,
    i.title,
    html`<p><a href="/breaches">← ${t.register}</a></p>
      <h1>${i.title}</h1>
      <p>
        <span class="badge ${i.status === 'open' ? 'soon' : 'muted'}">${t.status}: ${incidentStatusName(i.status, lang)}</span>
        <span class="badge ${i.riskLevel === 'high' ? 'late' : 'muted'}">${t.risk}: ${riskLevelName(i.riskLevel, lang)}</span>
      </p>
      ${data.saved ? html`<p class="notice" role="status">${data.saved === 'report' ? t.reported : t.saved}</p>` : ''}
      ${data.refused ? html`<p class="alert" role="alert"><a href="#${data.refused.form}-title">${t.refused}</a></p>` : ''}
      <section aria-labelledby="deadlines">
        <h2 id="deadlines">${t.deadlines}</h2>
        ${deadlinesTable(data, lang, t)}
      </section>
      <div class="grid2">${factsPanel(i, lang, t)} ${severityPanel(i, lang, t)}</div>
      ${
        data.may.riskDecision || web.actor.role === 'auditor'
          ? html`<section class="panel" aria-labelledby="draft">
              <h2 id="draft">${t.draft}</h2>
              <p><a href="/breaches/${i.id}/authority-draft">${t.draftView}</a> · <a href="/breaches/${i.id}/authority-draft.pdf" download>${t.draftPdf}</a></p>
            </section>`
          : ''
      }
      ${notificationsTable(data, lang, t)} ${timeline(i, lang, t)}
      ${
        anyForm
          ? html`<div class="grid2">
              ${data.may.notification ? notificationForm(web, data, t) : ''} ${data.may.riskDecision ? riskForm(web, data, t) : ''} ${data.may.update ? updateForm(web, data, t) : ''}
            </div>`
          : html`<p class="muted">${t.readOnly}</p>`
      }
      <p><a href="/">${COMMON_TEXTS[lang].back}</a></p>`,
  );
}
