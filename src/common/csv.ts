import { StreamableFile } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Readable } from 'node:stream';

/**
 * The field separators a download offers: a comma (RFC 4180), or a semicolon for
 * spreadsheet programs set to Dutch, which read the comma as the decimal separator.
 */
export const CSV_DELIMITERS = { comma: ',', semicolon: ';' } as const;
export type CsvDelimiterName = keyof typeof CSV_DELIMITERS;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[CsvDelimiterName];
const DELIMITER_NAMES = Object.keys(CSV_DELIMITERS) as CsvDelimiterName[];

/** Spreadsheet programs read a CSV as UTF-8 (and the accents right) only after this mark. */
export const UTF8_BOM = '\uFEFF';

/** `?delimiter=` of every CSV download. */
export class CsvQueryDto {
  @ApiPropertyOptional({ enum: DELIMITER_NAMES, default: 'comma', description: 'the field separator: semicolon for spreadsheet programs set to Dutch' })
  @IsOptional()
  @IsIn(DELIMITER_NAMES)
  delimiter?: CsvDelimiterName;
}

export function csvDelimiter(name: CsvDelimiterName | undefined): CsvDelimiter {
  return CSV_DELIMITERS[name ?? 'comma'];
}

/**
 * One CSV field (RFC 4180): quoted when it holds the delimiter, a quote or a line break,
 * quotes doubled. A leading = + - @ or tab is prefixed with ' so a spreadsheet shows the
 * text instead of running it as a formula (CSV injection).
 */
export function csvField(value: unknown, delimiter: CsvDelimiter = ','): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join('; ') : typeof value === 'object' ? JSON.stringify(value) : `${value as string | number | boolean | bigint}`;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly unknown[], delimiter: CsvDelimiter = ','): string {
  return `${values.map((value) => csvField(value, delimiter)).join(delimiter)}\r\n`;
}

/** A download's rows, batch by batch, and what to end when the response ends. */
export interface CsvRows {
  rows: AsyncIterable<unknown[][]>;
  /** Runs once however the response ends: read to the end, failed, or dropped by a client that went away. */
  close: () => Promise<void>;
}

export interface CsvDownload extends CsvRows {
  fileName: string;
  header: readonly string[];
  delimiter: CsvDelimiterName | undefined;
}

/**
 * A CSV document streamed as it is read: the byte-order mark and header, then one chunk
 * per batch. The next batch is asked for only when the client took the previous one
 * (`Readable.from` pulls as the socket drains), so memory holds about one batch.
 */
export function csvFile(download: CsvDownload): StreamableFile {
  const delimiter = csvDelimiter(download.delimiter);
  async function* document(): AsyncGenerator<string> {
    yield UTF8_BOM + csvRow(download.header, delimiter);
    for await (const rows of download.rows) yield rows.map((row) => csvRow(row, delimiter)).join('');
  }
  const stream = Readable.from(document(), { objectMode: false });
  stream.once('close', () => void download.close());
  return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${download.fileName}"` });
}
