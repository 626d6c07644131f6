import type { Test } from 'supertest';

/** A supertest parser that keeps a binary body (a PDF) as one Buffer. */
export const binary: Parameters<Test['parse']>[0] = (res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The PDF's title from its Info dictionary: pdfkit writes it as a literal string object, UTF-16BE after a byte-order mark. */
export function pdfTitle(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const ref = /\/Title (\d+) 0 R/.exec(raw);
  if (!ref) return '';
  const start = raw.indexOf(`\n${ref[1]} 0 obj\n(`) + `\n${ref[1]} 0 obj\n(`.length;
  const bytes: number[] = [];
  for (let i = start; raw[i] !== ')'; i++) {
    if (raw[i] === '\\') i++;
    bytes.push(raw.charCodeAt(i));
  }
  return Buffer.from(bytes.slice(2)).swap16().toString('utf16le');
}
