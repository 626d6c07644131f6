import type { Deadline } from '../deadlines/deadline.entity';
import type { DeadlineAbout } from '../deadlines/deadline-kinds';
import { html, Html } from './html';
import { columnHeads, page } from './layout';
import { WebContext } from './web-context';
import { timeLeft, wallTime } from './web-format';
import { COMMON_TEXTS, deadlineStatusName, kindName, Texts } from './web-texts';

export interface DescribedDeadline {
  deadline: Deadline;
  about: DeadlineAbout | null;
}

export interface TodayData {
  now: Date;
  weekEnd: Date;
  counts: { overdue: number; thisWeek: number; missed: number; pending: number };
  pending: DescribedDeadline[];
  missed: DescribedDeadline[];
  nextCursor: string | null;
  /** Paging on: the first page shows the summary and the missed ones, later pages only the list. */
  firstPage: boolean;
}

const TEXTS: Texts<
  | 'title'
  | 'intro'
  | 'overdue'
  | 'thisWeek'
  | 'missed'
  | 'pending'
  | 'pendingHeading'
  | 'missedHeading'
  | 'due'
  | 'left'
  | 'what'
  | 'about'
  | 'status'
  | 'empty'
  | 'late'
  | 'week'
  | 'controller'
  | 'agreement'
  | 'gone'
> = {
  nl: {
    title: 'Vandaag',
    intro: 'Openstaande termijnen van elke soort, de eerstvolgende bovenaan. Tijden in Nederlandse tijd (Europe/Amsterdam).',
    overdue: 'Verlopen, nog open',
    thisWeek: 'Deze week te doen',
    missed: 'Gemist',
    pending: 'Openstaand in totaal',
    pendingHeading: 'Openstaande termijnen',
    missedHeading: 'Gemiste termijnen, nog af te handelen',
    due: 'Uiterlijk',
    left: 'Tijd',
    what: 'Termijn',
    about: 'Betreft',
    status: 'Status',
    empty: 'Er staan geen termijnen open.',
    late: 'verlopen',
    week: 'deze week',
    controller: 'Verwerkingsverantwoordelijke',
    agreement: 'Overeenkomst',
    gone: '(onderwerp gewist)',
  },
  en: {
    title: 'Today',
    intro: 'Pending deadlines of every kind, the soonest first. Times in Dutch time (Europe/Amsterdam).',
    overdue: 'Overdue, still open',
    thisWeek: 'Due this week',
    missed: 'Missed',
    pending: 'Pending in all',
    pendingHeading: 'Pending deadlines',
    missedHeading: 'Missed deadlines, still to handle',
    due: 'Due',
    left: 'Time',
    what: 'Deadline',
    about: 'About',
    status: 'Status',
    empty: 'No deadline is pending.',
    late: 'overdue',
    week: 'this week',
    controller: 'Controller',
    agreement: 'Agreement',
    gone: '(subject erased)',
  },
};

function aboutCell(about: DeadlineAbout | null, t: (typeof TEXTS)['nl']): Html {
  if (!about) return html`<span class="muted">${t.gone}</span>`;
  return html`${about.title}${about.controllerName ? html`<br /><span class="muted">${t.controller}: ${about.controllerName}</span>` : ''}${
    about.agreementReference ? html`<br /><span class="muted">${t.agreement}: ${about.agreementReference}</span>` : ''
  }`;
}

function deadlineTable(web: WebContext, data: TodayData, rows: DescribedDeadline[], id: string): Html {
  const t = TEXTS[web.lang];
  return html`<table aria-labelledby="${id}">
    ${columnHeads([t.due, t.left, t.what, t.about, t.status])}
    <tbody>
      ${rows.map(({ deadline: d, about }) => {
        const late = d.status === 'missed' || d.dueAt.getTime() < data.now.getTime();
        const soon = !late && d.dueAt.getTime() < data.weekEnd.getTime();
        return html`<tr class="${late ? 'late' : soon ? 'soon' : ''}">
          <td class="nowrap"><time datetime="${d.dueAt.toISOString()}">${wallTime(d.dueAt, web.lang)}</time></td>
          <td class="nowrap">${timeLeft(d.dueAt, data.now, web.lang)}</td>
          <th scope="row" class="nowrap"><a href="/deadlines/${d.id}">${kindName(d.kind, web.lang)}</a></th>
          <td>${aboutCell(about, t)}</td>
          <td>
            ${late ? html`<span class="badge late">${d.status === 'missed' ? deadlineStatusName('missed', web.lang) : t.late}</span>` : soon ? html`<span class="badge soon">${t.week}</span>` : html`<span class="badge muted">${deadlineStatusName(d.status, web.lang)}</span>`}
          </td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

export function todayPage(web: WebContext, data: TodayData): Html {
  const t = TEXTS[web.lang];
  const c = data.counts;
  return page(
    web,
    t.title,
    html`<h1>${t.title} <span class="muted">· ${wallTime(data.now, web.lang)}</span></h1>
      <p class="sub">${t.intro}</p>
      ${
        data.firstPage
          ? html`<ul class="cards" aria-label="${t.title}">
                <li class="${c.overdue ? 'late' : 'calm'}"><span class="n">${c.overdue}</span>${t.overdue}</li>
                <li class="${c.missed ? 'late' : 'calm'}"><span class="n">${c.missed}</span>${t.missed}</li>
                <li class="${c.thisWeek ? 'soon' : 'calm'}"><span class="n">${c.thisWeek}</span>${t.thisWeek}</li>
                <li class="calm"><span class="n">${c.pending}</span>${t.pending}</li>
              </ul>
              ${
                data.missed.length
                  ? html`<h2 id="missed">${t.missedHeading}</h2>
                      ${deadlineTable(web, data, data.missed, 'missed')}`
                  : ''
              }`
          : ''
      }
      <h2 id="pending">${t.pendingHeading}</h2>
      ${data.pending.length ? deadlineTable(web, data, data.pending, 'pending') : html`<p>${t.empty}</p>`}
      ${data.nextCursor ? html`<p class="pager"><a href="/?cursor=${encodeURIComponent(data.nextCursor)}">${COMMON_TEXTS[web.lang].next} →</a></p>` : ''}`,
  );
}
