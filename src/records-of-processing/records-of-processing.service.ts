import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Clock } from '../common/clock';
import { csvDelimiter } from '../common/csv';
import { Language, pickLanguage } from '../common/language';
import { invalidFields, missingReference } from '../common/problem';
import { amsterdamDay } from '../common/time';
import { controllerEntry, ProcessorRow, RecordScope, sectionOf } from './record-content';
import { csvRecord, jsonRecord, RecordEvent, RecordFormat, RecordHead } from './record-formats';
import { recordTexts } from './record-texts';
import { recordPdf } from './record.pdf';
import { RecordOfProcessingQuery } from './dto/record-of-processing.query';
import { RecordReader, RecordsOfProcessingQuery } from './records-of-processing.query';

export interface RecordDownload {
  stream: Readable;
  contentType: string;
  /** For csv and pdf, which a client saves; JSON is read. */
  fileName: string | null;
  language: Language;
}

const CONTENT_TYPES: Record<RecordFormat, string> = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8', pdf: 'application/pdf' };

/**
 * The Art. 30(2) record, built from the registry on request and streamed: the checks that
 * can fail (unknown processor or controller, a database that is down) run before the first
 * byte, so they are problems like any other; what fails later cuts the response short
 * rather than ending it as if it were whole.
 */
@Injectable()
export class RecordsOfProcessingService {
  constructor(
    private readonly query: RecordsOfProcessingQuery,
    private readonly clock: Clock,
  ) {}

  async open(request: RecordOfProcessingQuery, acceptLanguage: string | undefined): Promise<RecordDownload> {
    const language = pickLanguage(request.lang, acceptLanguage);
    const generatedAt = this.clock.now();
    const period = scopeOf(request, generatedAt);
    const format = request.format ?? 'json';
    const reader = await this.query.open();
    try {
      if (request.controllerId && !(await reader.controllerExists(request.controllerId))) throw missingReference('controllerId', 'controller', request.controllerId);
      const processors = await reader.processors(request.processorId);
      if (request.processorId && processors.length === 0) throw missingReference('processorId', 'processor', request.processorId);
      const head: RecordHead = {
        title: recordTexts(language).title,
        language,
        generatedAt,
        period,
        processorId: request.processorId ?? null,
        controllerId: request.controllerId ?? null,
      };
      const events = recordEvents(reader, processors, period, request.controllerId, language);
      const stream =
        format === 'pdf'
          ? recordPdf(head, events, processors.length === 1 ? processors[0].name : null)
          : Readable.from(format === 'csv' ? csvRecord(head, events, csvDelimiter(request.delimiter)) : jsonRecord(head, events), { objectMode: false });
      // However the stream ends — read to the end, failed, or dropped by a client that went away — the snapshot ends with it.
      stream.once('close', () => void reader.release());
      const name = `${language === 'en' ? 'record-of-processing' : 'verwerkingsregister'}-${amsterdamDay(generatedAt)}.${format}`;
      return { stream, contentType: CONTENT_TYPES[format], fileName: format === 'json' ? null : name, language };
    } catch (error) {
      await reader.release();
      throw error;
    }
  }
}

/** Now, or the asked-for period; a period that ends before it starts is the caller's mistake, named on `to`. */
function scopeOf(request: RecordOfProcessingQuery, now: Date): RecordScope {
  if (request.from === undefined || request.to === undefined) return { at: now };
  if (request.to.getTime() <= request.from.getTime()) throw invalidFields([{ field: 'to', message: 'to must lie after from' }]);
  return { from: request.from, to: request.to };
}

async function* recordEvents(reader: RecordReader, processors: ProcessorRow[], period: RecordScope, controllerId: string | undefined, language: Language): AsyncGenerator<RecordEvent> {
  for (const processor of processors) {
    yield { kind: 'section', section: sectionOf(processor) };
    for await (const rows of reader.controllers(processor.id, period, controllerId)) yield { kind: 'controllers', entries: rows.map((row) => controllerEntry(row, language)) };
    yield { kind: 'section-end' };
  }
}
