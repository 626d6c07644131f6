import { Language } from '../common/language';
import { CsvDelimiter, csvRow, UTF8_BOM } from '../common/csv';
import { ControllerEntry, RecordScope, RecordSection, TransferEntry } from './record-content';
import { recordTexts } from './record-texts';

export const RECORD_FORMATS = ['json', 'csv', 'pdf'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

/** What the whole record says once: its title, date, language and what it covers. */
export interface RecordHead {
  title: string;
  language: Language;
  generatedAt: Date;
  period: RecordScope;
  processorId: string | null;
  controllerId: string | null;
}

/**
 * The record as it is read: a section per processor, its controllers in batches as the
 * cursor yields them, and the section's end. Every format renders these in order and
 * holds no more than one batch.
 */
export type RecordEvent = { kind: 'section'; section: RecordSection } | { kind: 'controllers'; entries: ControllerEntry[] } | { kind: 'section-end' };

/** One JSON document, written as it is read: `{…head, sections: [{processor, securityMeasures, controllers: [...]}]}`. */
export async function* jsonRecord(head: RecordHead, events: AsyncIterable<RecordEvent>): AsyncGenerator<string> {
  yield `${JSON.stringify(head).slice(0, -1)},"sections":[`;
  let sections = 0;
  let controllers = 0;
  for await (const event of events) {
    switch (event.kind) {
      case 'section':
        controllers = 0;
        yield `${sections++ ? ',' : ''}{"processor":${JSON.stringify(event.section.processor)},"securityMeasures":${JSON.stringify(event.section.securityMeasures)},"controllers":[`;
        break;
      case 'controllers':
        yield event.entries.map((entry) => `${controllers++ ? ',' : ''}${JSON.stringify(entry)}`).join('');
        break;
      case 'section-end':
        yield ']}';
        break;
    }
  }
  yield ']}';
}

/**
 * One CSV row per controller (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read
 * the accents), each row whole on its own: the date, the period and the processor with its
 * security measures repeat on every row. A processor without controllers in the period
 * still has its row. Lists are joined with "; ", transfers and measures one per line.
 */
export async function* csvRecord(head: RecordHead, events: AsyncIterable<RecordEvent>, delimiter: CsvDelimiter = ','): AsyncGenerator<string> {
  const texts = recordTexts(head.language);
  yield UTF8_BOM + csvRow(texts.csvHeader, delimiter);
  const period = texts.scope(head.period);
  let section: RecordSection | null = null;
  let controllers = 0;
  const processorFields = (s: RecordSection) => {
    const p = s.processor;
    return [head.generatedAt, period, p.name, p.kvkNumber, p.country, p.contactEmail, p.dpo.name, p.dpo.email, s.securityMeasures.join('\n')];
  };
  for await (const event of events) {
    switch (event.kind) {
      case 'section':
        section = event.section;
        controllers = 0;
        break;
      case 'controllers': {
        const processor = processorFields(section!);
        controllers += event.entries.length;
        yield event.entries
          .map((c) =>
            csvRow(
              [
                ...processor,
                c.name,
                c.kvkNumber,
                c.country,
                c.contactEmail,
                c.dpo.name,
                c.dpo.email,
                c.agreements.map((a) => a.reference),
                c.processing.purposes,
                c.processing.dataCategories,
                c.processing.dataSubjectCategories,
                c.processing.specialCategories,
                c.transfers.map((t) => transferLine(t)).join('\n'),
              ],
              delimiter,
            ),
          )
          .join('');
        break;
      }
      case 'section-end':
        if (controllers === 0 && section) {
          const processor = processorFields(section);
          yield csvRow([...processor, ...Array<null>(texts.csvHeader.length - processor.length).fill(null)], delimiter);
        }
        break;
    }
  }
}

/** A transfer in one line: who, what for, where, on which safeguard, under which agreements. */
export function transferLine(t: TransferEntry): string {
  return `${t.subProcessor.name} (${t.subProcessor.service}), ${t.countryName} (${t.country}): ${t.safeguard.description} [${t.agreementReferences.join(', ')}]`;
}
