import type { Language } from '../common/language';
import { mayAct } from '../common/roles.decorator';
import { html, Html } from './html';
import { CSRF_FIELD, WebContext } from './web-context';
import { inLanguage, isCurrent, NAV } from './web-nav';
import { COMMON_TEXTS, roleName } from './web-texts';

export const STYLESHEET_PATH = '/assets/dashboard.css';

function documentOf(lang: Language, title: string, body: Html): Html {
  const t = COMMON_TEXTS[lang];
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${t.appName}</title>
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
      </head>
      <body>
        <a class="skip" href="#main">${t.skip}</a>
        ${body}
      </body>
    </html>`;
}

/** A table's column headers, each one a header for its column to screen readers. */
export const columnHeads = (labels: string[]) =>
  html`<thead>
    <tr>
      ${labels.map((label) => html`<th scope="col">${label}</th>`)}
    </tr>
  </thead>`;

/** The hidden CSRF field of the session, for every form that changes something. */
export const csrfField = (web: WebContext) => html`<input type="hidden" name="${CSRF_FIELD}" value="${web.session.csrfToken}" />`;

function languageSwitch({ path, query }: { path: string; query: string }, lang: Language): Html {
  const other: Language = lang === 'nl' ? 'en' : 'nl';
  return html`<a class="lang" href="${inLanguage(path, query, other)}" hreflang="${other}" lang="${other}">${other === 'en' ? 'English' : 'Nederlands'}</a>`;
}

/** A page of the signed-in dashboard: skip link, header with the navigation, the main content. */
export function page(web: WebContext, title: string, content: Html): Html {
  const t = COMMON_TEXTS[web.lang];
  const role = web.actor.role;
  const entries = NAV.filter((entry) => !entry.roles || mayAct(role, entry.roles));
  return documentOf(
    web.lang,
    title,
    html`<header class="top">
        <span class="brand">${t.appName}</span>
        <nav aria-label="${t.mainNav}">
          <ul>
            ${entries.map((entry) => html`<li><a href="${entry.path}" ${isCurrent(entry, web.path) ? html` aria-current="page"` : ''}>${entry.label[web.lang]}</a></li>`)}
          </ul>
        </nav>
        <div class="who">
          <span>${t.signedInAs} <strong>${web.actor.name}</strong> (${roleName(role, web.lang)})</span>
          ${languageSwitch(web, web.lang)}
          <form method="post" action="/sign-out" class="inline">${csrfField(web)}<button type="submit" class="link">${t.signOut}</button></form>
        </div>
      </header>
      <main id="main" tabindex="-1">${content}</main>`,
  );
}

/** A view as the main ones open: its title as the heading, and the line that says what it shows. */
export function viewPage(web: WebContext, texts: { title: string; intro: string }, content: Html): Html {
  return page(
    web,
    texts.title,
    html`<h1>${texts.title}</h1>
      <p class="sub">${texts.intro}</p>
      ${content}`,
  );
}

/** A page outside a session: the sign-in form, or an error before one exists. `at`: the page's path and query, for the language switch. */
export function barePage(lang: Language, at: { path: string; query: string }, title: string, content: Html): Html {
  const t = COMMON_TEXTS[lang];
  return documentOf(
    lang,
    title,
    html`<header class="top">
        <span class="brand">${t.appName}</span>
        <div class="who">${languageSwitch(at, lang)}</div>
      </header>
      <main id="main" tabindex="-1" class="narrow">${content}</main>`,
  );
}
