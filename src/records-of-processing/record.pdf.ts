import PDFDocument from 'pdfkit';
import { Readable } from 'node:stream';
import { ControllerEntry, RecordSection } from './record-content';
import { RecordEvent, RecordHead, transferLine } from './record-formats';
import { recordTexts } from './record-texts';

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const MARGIN = 56;

/**
 * The record as a document the processor can hand to the AP: per processor its details and
 * DPO, its security measures, then each controller with its categories of processing and
 * transfers. Written page by page as the controllers are read; pdfkit pushes whatever it
 * is given, so the writer waits, once the document holds a buffer's worth, until the reader
 * asks for more (backpressure), and stops when the reader goes away.
 */
export function recordPdf(head: RecordHead, events: AsyncIterable<RecordEvent>, author: string | null): Readable {
  const t = recordTexts(head.language);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: head.language,
    info: { Title: t.title, ...(author ? { Author: author } : {}), CreationDate: head.generatedAt },
  });

  cacheFontWork(doc);

  let wake: (() => void) | null = null;
  const resume = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  doc._read = resume;
  doc.once('close', resume);
  const room = () => (doc.readableLength < doc.readableHighWaterMark || doc.destroyed ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve)));

  let pageNumber = 1;
  const footer = () => {
    const { x, y } = doc;
    const bottom = doc.page.margins.bottom;
    // Written inside the bottom margin, which pdfkit would otherwise take as a full page.
    doc.page.margins.bottom = 0;
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor('#555555')
      .text(`${t.labels.page} ${pageNumber} — ${t.labels.generatedAt} ${t.instant(head.generatedAt)}`, MARGIN, doc.page.height - MARGIN / 2 - 8, {
        width: doc.page.width - 2 * MARGIN,
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
    [doc.x, doc.y] = [x, y];
    body();
  };
  doc.on('pageAdded', () => {
    pageNumber += 1;
    footer();
  });

  const body = () => doc.font(REGULAR).fontSize(9).fillColor('black');
  const keepWithNext = (points: number) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - points) doc.addPage();
  };
  const heading = (text: string, size = 12) => {
    keepWithNext(80);
    doc.moveDown(0.6).font(BOLD).fontSize(size).fillColor('black').text(text).moveDown(0.2);
    body();
  };
  const line = (label: string, value: string) => doc.font(BOLD).text(`${label}: `, { continued: true }).font(REGULAR).text(value);
  const list = (values: string[]) => (values.length ? values.join(', ') : t.labels.none);
  const dpo = (d: { name: string | null; email: string | null }) => [d.name, d.email].filter((v) => v !== null).join(', ') || '—';

  const section = (s: RecordSection) => {
    const p = s.processor;
    heading(`${t.labels.processor}: ${p.name}`, 14);
    line(t.labels.author, p.name);
    line(t.labels.country, p.country);
    if (p.kvkNumber) line(t.labels.kvk, p.kvkNumber);
    line(t.labels.contact, p.contactEmail ?? '—');
    line(t.labels.dpo, dpo(p.dpo));
    heading(t.headings.securityMeasures);
    if (s.securityMeasures.length) for (const measure of s.securityMeasures) doc.text(`• ${measure}`);
    else doc.text(t.labels.none);
    heading(t.headings.controllers);
  };

  const controller = (c: ControllerEntry) => {
    keepWithNext(110);
    doc.moveDown(0.5).font(BOLD).fontSize(10.5).text(c.name);
    body();
    line(t.labels.country, c.kvkNumber ? `${c.country}, ${t.labels.kvk} ${c.kvkNumber}` : c.country);
    line(t.labels.contact, c.contactEmail ?? '—');
    line(t.labels.dpo, dpo(c.dpo));
    line(t.labels.agreements, list(c.agreements.map((a) => a.reference)));
    line(t.labels.purposes, list(c.processing.purposes));
    line(t.labels.dataCategories, list(c.processing.dataCategories));
    line(t.labels.dataSubjectCategories, list(c.processing.dataSubjectCategories));
    line(t.labels.specialCategories, list(c.processing.specialCategories));
    if (c.transfers.length === 0) line(t.labels.transfers, t.labels.none);
    else {
      doc.font(BOLD).text(`${t.labels.transfers}:`);
      body();
      for (const transfer of c.transfers) doc.text(`• ${transferLine(transfer)}`, { indent: 8 });
    }
  };

  const write = async () => {
    doc.font(BOLD).fontSize(18).text(t.title);
    body().moveDown(0.3);
    line(t.labels.generatedAt, t.instant(head.generatedAt));
    line(t.labels.period, t.scope(head.period));
    footer();
    let controllers = 0;
    for await (const event of events) {
      if (doc.destroyed) return;
      switch (event.kind) {
        case 'section':
          controllers = 0;
          section(event.section);
          break;
        case 'controllers':
          for (const entry of event.entries) {
            controller(entry);
            controllers += 1;
            await room();
            if (doc.destroyed) return;
          }
          break;
        case 'section-end':
          if (controllers === 0) doc.text(t.labels.noControllers);
          break;
      }
    }
    doc.end();
  };
  write().catch((error: unknown) => doc.destroy(error instanceof Error ? error : new Error(String(error))));
  return doc;
}

type Encoded = [string[], { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[]];

interface StandardFont {
  widthOfString(text: string, size: number, features?: unknown): number;
  encode(text: string, features?: unknown): Encoded;
}

/** Texts remembered at most, per kind; then forgotten all at once: the cache must not grow with the registry. */
const MAX_CACHED_TEXTS = 5_000;

function remembered<V>(compute: (text: string) => V): (text: string) => V {
  const known = new Map<string, V>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      if (known.size >= MAX_CACHED_TEXTS) known.clear();
      value = compute(text);
      known.set(text, value);
    }
    return value;
  };
}

/**
 * pdfkit measures and encodes every word and line it lays out glyph by glyph, kerning pair
 * by kerning pair, which is most of the time a record takes; the record repeats its labels,
 * categories and sub-processors for every controller. So each font remembers what it
 * measured (per size) and encoded. pdfkit only reads what encode returns.
 */
function cacheFontWork(doc: PDFKit.PDFDocument): void {
  const patched = new WeakSet<StandardFont>();
  const selectFont = doc.font.bind(doc);
  const patch = () => {
    const font = (doc as unknown as { _font: StandardFont | undefined })._font;
    if (!font || patched.has(font)) return;
    patched.add(font);
    const measure = font.widthOfString.bind(font);
    const encode = font.encode.bind(font);
    const widths = new Map<number, (text: string) => number>();
    const widthAt = (size: number) => {
      let width = widths.get(size);
      if (!width) widths.set(size, (width = remembered((text) => measure(text, size))));
      return width;
    };
    const encodings = remembered((text) => encode(text));
    font.widthOfString = (text, size, features) => (features === undefined ? widthAt(size)(text) : measure(text, size, features));
    font.encode = (text, features) => (features === undefined ? encodings(text) : encode(text, features));
  };
  doc.font = ((...args: Parameters<typeof doc.font>) => {
    selectFont(...args);
    patch();
    return doc;
  }) as typeof doc.font;
  patch();
}
