import type { Deadline } from '../deadlines/deadline.entity';
import { INCIDENT_ROLES, INCIDENT_STATUSES, RISK_LEVELS } from '../incidents/incident.entity';
import type { toIncidentSummary } from '../incidents/incident.view';
import { incidentStatusName, riskLevelName } from './breach.page';
import { html, Html } from './html';
import { columnHeads, viewPage } from './layout';
import { nextPageHref } from './list-paging';
import { FormFields, WebContext } from './web-context';
import { timeLeft, wallTime } from './web-format';
import { COMMON_TEXTS, kindName, Texts } from './web-texts';

export interface BreachRow {
  incident: ReturnType<typeof toIncidentSummary>;
  /** Its soonest open deadline, if any. */
  next: Deadline | null;
}

export interface BreachesData {
  now: Date;
  rows: BreachRow[];
  nextCursor: string | null;
  /** The filters as the form sent them, to show them again and carry them to the next page. */
  filters: FormFields;
  /** May this person report a breach (the link to the form). */
  mayReport: boolean;
}

const TEXTS: Texts<'title' | 'intro' | 'filters' | 'any' | 'status' | 'risk' | 'role' | 'from' | 'to' | 'apply' | 'awareAt' | 'breach' | 'next' | 'empty' | 'processor' | 'controller' | 'none' | 'report'> =
  {
    nl: {
      title: 'Datalekken',
      intro: 'Het register van datalekken (art. 33(5) AVG), het laatst bekende bovenaan.',
      filters: 'Filters',
      any: 'alle',
      status: 'Status',
      risk: 'Risico',
      role: 'Rol',
      from: 'Bekend vanaf',
      to: 'Bekend tot en met',
      apply: 'Toepassen',
      awareAt: 'Bekend sinds',
      breach: 'Datalek',
      next: 'Eerstvolgende termijn',
      empty: 'Geen datalekken gevonden.',
      processor: 'als verwerker',
      controller: 'als verwerkingsverantwoordelijke',
      none: 'geen open termijn',
      report: 'Datalek melden',
    },
    en: {
      title: 'Breaches',
      intro: 'The breach register (Art. 33(5) GDPR), most recently known first.',
      filters: 'Filters',
      any: 'any',
      status: 'Status',
      risk: 'Risk',
      role: 'Role',
      from: 'Aware from',
      to: 'Aware up to and including',
      apply: 'Apply',
      awareAt: 'Aware since',
      breach: 'Breach',
      next: 'Next deadline',
      empty: 'No breach found.',
      processor: 'as processor',
      controller: 'as controller',
      none: 'no open deadline',
      report: 'Report a breach',
    },
  };

export function filterSelect(name: string, label: string, any: string, options: { value: string; label: string }[], chosen: unknown): Html {
  return html`<div>
    <label for="filter-${name}">${label}</label>
    <select id="filter-${name}" name="${name}">
      <option value="">${any}</option>
      ${options.map((o) => html`<option value="${o.value}" ${o.value === chosen ? html`selected` : ''}>${o.label}</option>`)}
    </select>
  </div>`;
}

export function breachesPage(web: WebContext, data: BreachesData): Html {
  const t = TEXTS[web.lang];
  const lang = web.lang;
  const f = data.filters;
  const dateValue = (v: unknown) => (typeof v === 'string' ? v : '');
  return viewPage(
    web,
    t,
    html` ${data.mayReport ? html`<p><a class="button" href="/breaches/new">${t.report}</a></p>` : ''}
      <form method="get" action="/breaches" class="filters" role="search" aria-label="${t.filters}">
        ${filterSelect(
          'status',
          t.status,
          t.any,
          INCIDENT_STATUSES.map((s) => ({ value: s, label: incidentStatusName(s, lang) })),
          f.status,
        )}
        ${filterSelect(
          'riskLevel',
          t.risk,
          t.any,
          RISK_LEVELS.map((r) => ({ value: r, label: riskLevelName(r, lang) })),
          f.riskLevel,
        )}
        ${filterSelect(
          'role',
          t.role,
          t.any,
          INCIDENT_ROLES.map((r) => ({ value: r, label: t[r] })),
          f.role,
        )}
        <div><label for="filter-from">${t.from}</label><input type="date" id="filter-from" name="from" value="${dateValue(f.from)}" /></div>
        <div><label for="filter-to">${t.to}</label><input type="date" id="filter-to" name="to" value="${dateValue(f.to)}" /></div>
        <button type="submit" class="primary">${t.apply}</button>
      </form>
      ${
        data.rows.length
          ? html`<table aria-label="${t.title}">
              ${columnHeads([t.awareAt, t.breach, t.status, t.risk, t.next])}
              <tbody>
                ${data.rows.map(({ incident: i, next }) => {
                  const late = next && (next.status === 'missed' || next.dueAt < data.now);
                  return html`<tr class="${late ? 'late' : ''}">
                    <td class="nowrap"><time datetime="${i.awareAt}">${wallTime(new Date(i.awareAt!), lang)}</time></td>
                    <th scope="row"><a href="/breaches/${i.id}">${i.title}</a></th>
                    <td>${incidentStatusName(i.status, lang)}</td>
                    <td>${riskLevelName(i.riskLevel, lang)}</td>
                    <td>
                      ${
                        next
                          ? html`${kindName(next.kind, lang)}<br /><span class="${late ? 'badge late' : 'muted'}">${wallTime(next.dueAt, lang)} · ${timeLeft(next.dueAt, data.now, lang)}</span>`
                          : html`<span class="muted">${t.none}</span>`
                      }
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>`
          : html`<p>${t.empty}</p>`
      }
      ${data.nextCursor ? html`<p class="pager"><a href="${nextPageHref('/breaches', f, data.nextCursor)}">${COMMON_TEXTS[lang].next} →</a></p>` : ''}`,
  );
}
