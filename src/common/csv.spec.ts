import { csvDelimiter, csvField, csvRow } from './csv';

describe('csv', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('@cmd, x')).toBe(`"'@cmd, x"`);
    expect(csvField(null)).toBe('');
    expect(csvField(['a', 'b'])).toBe('a; b');
    expect(csvField(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
    expect(csvRow(['x', 1, null])).toBe('x,1,\r\n');
  });

  it('quotes what holds the chosen delimiter, and only that', () => {
    const semicolon = csvDelimiter('semicolon');
    expect(semicolon).toBe(';');
    expect(csvDelimiter(undefined)).toBe(',');
    expect(csvField('a,b', semicolon)).toBe('a,b');
    expect(csvField('a;b', semicolon)).toBe('"a;b"');
    expect(csvField('a;b')).toBe('a;b');
    // A list is joined with "; ": with the semicolon it must be quoted.
    expect(csvField(['a', 'b'], semicolon)).toBe('"a; b"');
    expect(csvRow(['Zoë', 'café; bar', '3,5'], semicolon)).toBe('Zoë;"café; bar";3,5\r\n');
  });
});
