/**
 * RFC 4180: fields separated by the delimiter, quoted when they hold it, a quote or a line
 * break, quotes doubled; lines end in CRLF. Throws on anything else, so a test reads a CSV
 * as strictly as a spreadsheet program would.
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (ch === '"' || ch === '\n' || ch === '\r') throw new Error(`not RFC 4180 at ${i}: a bare ${JSON.stringify(ch)}`);
    else field += ch;
  }
  if (quoted || field !== '' || row.length) throw new Error('the CSV does not end with a complete line');
  return rows;
}

const BOM = [0xef, 0xbb, 0xbf];

/** A CSV download as the bytes arrived: it must start with the UTF-8 byte-order mark, then parse. */
export function readCsvDownload(body: Buffer, delimiter = ','): string[][] {
  if (!BOM.every((byte, i) => body[i] === byte)) throw new Error('the CSV does not start with a UTF-8 byte-order mark');
  return parseCsv(body.subarray(3).toString('utf8'), delimiter);
}
