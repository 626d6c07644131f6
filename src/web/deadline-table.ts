import type { Deadline } from '../deadlines/deadline.entity';
import type { DeadlineAbout } from '../deadlines/deadline-kinds';
import { html, Html } from './html';
import { WebContext } from './web-context';
import { timeLeft, wallTime } from './web-format';
import { deadlineStatusName, kindName, Texts } from './web-texts';

const TEXTS: Texts<'what' | 'about' | 'due' | 'left' | 'status' | 'done' | 'empty'> = {
  nl: { what: 'Termijn', about: 'Betreft', due: 'Uiterlijk', left: 'Tijd', status: 'Status', done: 'afgehandeld', empty: 'Geen termijnen.' },
  en: { what: 'Deadline', about: 'About', due: 'Due', left: 'Time', status: 'Status', done: 'done', empty: 'No deadlines.' },
};

/**
 * The clocks of one subject (an agreement, a request), open ones with their time left and
 * the late ones marked as Today marks them; closed ones with when they were met.
 */
export function deadlineTable(web: WebContext, now: Date, deadlines: Deadline[], labelledBy: string, about?: Map<string, DeadlineAbout>): Html {
  const t = TEXTS[web.lang];
  const lang = web.lang;
  if (!deadlines.length) return html`<p class="muted">${t.empty}</p>`;
  return html`<table aria-labelledby="${labelledBy}">
    <thead>
      <tr>
        <th scope="col">${t.what}</th>
        ${about ? html`<th scope="col">${t.about}</th>` : ''}
        <th scope="col">${t.due}</th>
        <th scope="col">${t.left}</th>
        <th scope="col">${t.status}</th>
      </tr>
    </thead>
    <tbody>
      ${deadlines.map((d) => {
        const open = d.status === 'pending' || d.status === 'missed';
        const late = d.status === 'missed' || d.status === 'met_late' || (d.status === 'pending' && d.dueAt < now);
        const badge = late ? 'late' : d.status === 'met' ? 'ok' : d.status === 'pending' ? 'soon' : 'muted';
        return html`<tr class="${open && late ? 'late' : ''}">
          <th scope="row">${kindName(d.kind, lang)}</th>
          ${about ? html`<td>${about.get(d.id)?.title ?? ''}</td>` : ''}
          <td class="nowrap"><time datetime="${d.dueAt.toISOString()}">${wallTime(d.dueAt, lang)}</time></td>
          <td class="nowrap">${open ? timeLeft(d.dueAt, now, lang) : d.metAt ? html`${t.done} <time datetime="${d.metAt.toISOString()}">${wallTime(d.metAt, lang)}</time>` : ''}</td>
          <td>
            <span class="badge ${badge}">${deadlineStatusName(d.status, lang)}</span>${d.lateReason ? html`<br /><span class="muted">${d.lateReason}</span>` : ''}${
              d.cancelledReason ? html`<br /><span class="muted">${d.cancelledReason}</span>` : ''
            }
          </td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}
