import { Language } from '../common/language';

/**
 * An e-mail as a template writes it: what happened, the facts, what the reader must do and
 * where to do it. One structure, rendered to plain text and to HTML, so the two parts of a
 * message say the same and names are escaped in one place.
 */
export interface MailMessage {
  subject: string;
  /** What happened, in sentences. */
  lead: string[];
  /** Label and value: who, what, until when. */
  facts: [string, string][];
  list?: { title: string; items: string[]; more?: string };
  /** What the reader must do. */
  action: string;
  /** The page in the dashboard, for the organisation's own readers. */
  link?: string;
  /** Whom a client can answer, for a client's contact. */
  contact?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const LABELS = {
  nl: { action: 'Wat u moet doen', link: 'Bekijk in het dashboard', contact: 'Vragen of bezwaar? Mail naar', footer: 'Dit bericht is automatisch verstuurd.' },
  en: { action: 'What to do', link: 'Open in the dashboard', contact: 'Questions or objections? Write to', footer: 'This message was sent automatically.' },
} satisfies Record<Language, Record<string, string>>;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A subject is one header line: a line break in a name must not start another header or a second line. */
const oneLine = (value: string) => value.replace(/\s*[\r\n]+\s*/g, ' ');

export function renderMail(message: MailMessage, language: Language): RenderedMail {
  const labels = LABELS[language];
  const listItems = message.list ? [...message.list.items, ...(message.list.more ? [message.list.more] : [])] : [];
  const text = [
    message.lead.join('\n'),
    message.facts.map(([label, value]) => `${label}: ${value}`).join('\n'),
    message.list ? [message.list.title, ...listItems.map((item) => `- ${item}`)].join('\n') : '',
    `${labels.action}: ${message.action}`,
    message.link ? `${labels.link}: ${message.link}` : '',
    message.contact ? `${labels.contact} ${message.contact}` : '',
    `-- \n${labels.footer}`,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  const e = escapeHtml;
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${e(oneLine(message.subject))}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">',
    ...message.lead.map((p) => `<p>${e(p)}</p>`),
    message.facts.length ? `<table>${message.facts.map(([label, value]) => `<tr><th scope="row" align="left">${e(label)}</th><td>${e(value)}</td></tr>`).join('')}</table>` : '',
    message.list ? `<p>${e(message.list.title)}</p><ul>${listItems.map((item) => `<li>${e(item)}</li>`).join('')}</ul>` : '',
    `<p><strong>${e(labels.action)}:</strong> ${e(message.action)}</p>`,
    message.link ? `<p><a href="${e(message.link)}">${e(labels.link)}</a></p>` : '',
    message.contact ? `<p>${e(labels.contact)} <a href="mailto:${e(message.contact)}">${e(message.contact)}</a></p>` : '',
    `<p style="color: #666">${e(labels.footer)}</p>`,
    '</body></html>',
  ]
    .filter((part) => part !== '')
    .join('\n');
  return { subject: oneLine(message.subject), text: `${text}\n`, html: `${html}\n` };
}
