import fc from 'fast-check';
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { CRLF, escapeText, foldLine, formatDuration, formatUtc, NOT_IN_TEXT, serialize, text } from './icalendar';

// ical.js types itself as ESM; this project compiles to CommonJS, so its CommonJS build is required (as test/utils/ical.ts does).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof ICALModule;

const octets = (line: string) => Buffer.byteLength(line, 'utf8');
const unfold = (folded: string) => folded.split(`${CRLF} `).join('');

const DUTCH =
  'Datalek gemeld: ransomware bij Hosting BV — informeer Gemeente Westland, Café "De Eénhoorn" en Zoë\'s Bakkerij; ' +
  'de back-up (NAS, kelder) is versleuteld 🔐, de logbestanden niet 📄. Coördinatie: FG, IT\\beheer, privacy-officer. ' +
  'Één opmerking over de reeële impact: 🧑‍💻 👩🏽‍⚖️ 🇳🇱.';

describe('escapeText (RFC 5545 §3.3.11)', () => {
  it('escapes backslash, semicolon, comma and every kind of line break, and keeps é, ë and emoji as they are', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeText('Zoë en René 🔐')).toBe('Zoë en René 🔐');
  });

  it('drops control characters TEXT does not allow, and keeps a tab', () => {
    expect(escapeText('a\u0000b\u0007c\u001bd\u007fe\tf')).toBe('abcde\tf');
  });

  it('gives back the original through an iCalendar parser, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
        const clean = value.replace(/\r\n|\r/g, '\n').replace(NOT_IN_TEXT, '');
        const parsed = ICAL.Component.fromString(serialize({ name: 'VEVENT', properties: [text('SUMMARY', value)] }));
        return parsed.getFirstPropertyValue('summary') === clean;
      }),
    );
  });
});

describe('foldLine (RFC 5545 §3.1)', () => {
  it('leaves a line of 75 octets alone and folds one of 76', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}${CRLF} x`);
  });

  it('folds long Dutch text with é, ë and emoji into lines of at most 75 octets, never inside a character, and unfolds to the original', () => {
    const line = `DESCRIPTION:${escapeText(DUTCH)}`;
    const folded = foldLine(line);
    const lines = folded.split(CRLF);
    expect(lines.length).toBeGreaterThan(3);
    for (const [index, physical] of lines.entries()) {
      expect(octets(physical)).toBeLessThanOrEqual(75);
      if (index > 0) expect(physical.startsWith(' ')).toBe(true);
      // A split inside a UTF-8 sequence would leave a lone surrogate or a replacement character.
      expect(Buffer.from(physical, 'utf8').toString('utf8')).toBe(physical);
      expect(physical).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
    expect(unfold(folded)).toBe(line);
  });

  it('moves a character that would cross octet 75 to the next line whole', () => {
    // 73 octets, then "é" (2 octets) fits exactly; "🔐" (4 octets) would end at 77 and moves.
    expect(foldLine(`${'x'.repeat(73)}é`)).toBe(`${'x'.repeat(73)}é`);
    expect(foldLine(`${'x'.repeat(73)}🔐y`)).toBe(`${'x'.repeat(73)}${CRLF} 🔐y`);
  });

  it('keeps every line within 75 octets and restores the line, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (value) => {
        const line = `SUMMARY:${escapeText(value)}`;
        const folded = foldLine(line);
        return folded.split(CRLF).every((l) => octets(l) <= 75) && unfold(folded) === line;
      }),
    );
  });
});

describe('formatUtc and formatDuration', () => {
  it('writes an instant in UTC with a Z and no milliseconds', () => {
    expect(formatUtc(new Date('2026-11-27T11:44:59.999Z'))).toBe('20261127T114459Z');
  });

  it('writes signed durations in days, hours, minutes and seconds', () => {
    expect(formatDuration(-36 * 3600)).toBe('-P1DT12H');
    expect(formatDuration(-(2 * 86_400 + 4 * 3600 + 30 * 60 + 5))).toBe('-P2DT4H30M5S');
    expect(formatDuration(-7 * 60)).toBe('-PT7M');
    expect(formatDuration(86_400)).toBe('P1D');
    expect(formatDuration(0)).toBe('PT0S');
    expect(ICAL.Duration.fromString(formatDuration(-(2 * 86_400 + 4 * 3600 + 30 * 60 + 5))).toSeconds()).toBe(-(2 * 86_400 + 4 * 3600 + 30 * 60 + 5));
  });
});

describe('serialize', () => {
  it('ends every line with CRLF and nests components', () => {
    const out = serialize({ name: 'VCALENDAR', properties: [['VERSION', '2.0']], components: [{ name: 'VEVENT', properties: [text('SUMMARY', 'a, b')] }] });
    expect(out).toBe(['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'SUMMARY:a\\, b', 'END:VEVENT', 'END:VCALENDAR', ''].join(CRLF));
  });
});
