/**
 * The few pieces of RFC 5545 (iCalendar) a published feed needs, as pure functions: text
 * escaping (§3.3.11), UTC date-times (§3.3.5), durations (§3.3.6) and content lines folded
 * at 75 octets with CRLF (§3.1).
 */

export const CRLF = '\r\n';

/** §3.1: a line is at most 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;

/** §3.3.11: TEXT allows no control character but the tab (CONTROL in its grammar), and line breaks only escaped. */
// eslint-disable-next-line no-control-regex -- the control characters are what it finds
export const NOT_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * §3.3.11 TEXT: backslash, semicolon and comma are escaped, a line break becomes `\n`.
 * Control characters other than a tab are not allowed in TEXT; they are dropped rather than
 * sent to a calendar program that may refuse the whole feed over one.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(NOT_IN_TEXT, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * §3.1: a content line longer than 75 octets is split into lines of at most 75 octets, each
 * continuation starting with one space (which counts towards its 75). The split falls between
 * characters, never inside a UTF-8 sequence, so é, ë and emoji arrive whole even at a
 * calendar program that unfolds octet by octet.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) return line;
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** §3.3.5 form #2, UTC: `20261127T114400Z`; milliseconds are dropped, as the format has none. */
export function formatUtc(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** §3.3.6: a signed duration in whole seconds, `-PT36H`, `-P2DT4H30M`; zero is `PT0S`. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(seconds));
  if (rest === 0) return 'PT0S';
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${secs ? `${secs}S` : ''}`;
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** A property with a value already in its type's form (a date-time, an integer, a keyword, a URI). */
export type Property = [name: string, value: string];

/** A property whose value is TEXT, escaped here. */
export const text = (name: string, value: string): Property => [name, escapeText(value)];

/** A component, `BEGIN:NAME` … `END:NAME`, its properties first, then its subcomponents. */
export interface Component {
  name: string;
  properties: Property[];
  components?: Component[];
}

function componentLines(component: Component): string[] {
  return [`BEGIN:${component.name}`, ...component.properties.map(([name, value]) => foldLine(`${name}:${value}`)), ...(component.components ?? []).flatMap(componentLines), `END:${component.name}`];
}

/** The iCalendar stream: every line folded and ended with CRLF, the last one too. */
export function serialize(component: Component): string {
  return componentLines(component).join(CRLF) + CRLF;
}
