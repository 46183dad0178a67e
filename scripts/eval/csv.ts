/**
 * RFC 4180 CSV parser (quoted fields, doubled quotes, CR/LF/CRLF line ends, embedded newlines).
 * Small and dependency-free; the sentiment files are a few MB, parsed whole in memory.
 */

/** Thrown on malformed CSV (e.g. an unterminated quote), with the 1-based line where it happened. */
export class CsvParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`CSV line ${line}: ${message}`);
    this.name = 'CsvParseError';
  }
}

/** Parses CSV text into rows of fields. A trailing line break does not create an empty row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  const n = text.charCodeAt(0) === 0xfeff ? ((i = 1), text.length) : text.length; // skip a BOM
  let fieldStarted = false;
  while (i < n) {
    const c = text[i];
    if (c === '"' && !fieldStarted) {
      // Quoted field: read until a lone quote.
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new CsvParseError('unterminated quoted field', startLine);
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      fieldStarted = true;
      const next = text[i];
      if (i < n && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvParseError(`unexpected character ${JSON.stringify(next)} after a closing quote`, line);
      }
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Serialises rows as RFC 4180 CSV (quotes only where needed, CRLF line ends). */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  const esc = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  return rows.map((r) => r.map(esc).join(',')).join('\r\n') + (rows.length ? '\r\n' : '');
}
