/**
 * RFC 4180 CSV parser (quoted fields, doubled quotes, CR/LF/CRLF line ends, embedded newlines, a
 * leading BOM), with the comma or another one-character separator (`;` and tab, as European
 * spreadsheets and `.tsv` exports write; `sniffDelimiter` picks it from the header).
 * Dependency-free. `CsvRowReader` takes the text in chunks of any size and hands out each row as
 * soon as it is complete, so a shop's export of a million order lines is read without holding the
 * file or its rows in memory; `parseCsv` is the same reader over one string.
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

const QUOTE = 34;
/** The separator's char code (a comma unless the reader is told otherwise). */
type Separator = number;
const LF = 10;
const CR = 13;

/** Receives one complete row and the 1-based line it starts on. */
export type CsvRowHandler = (fields: string[], line: number) => void;

/**
 * Incremental CSV reader: `push` chunks, then `end`. A row split across chunks is kept until its
 * line break arrives (a row is re-scanned from its start then: rows are short, chunks are large).
 */
export class CsvRowReader {
  private rest = '';
  private line = 1;
  private started = false;

  private readonly sep: Separator;

  constructor(
    private readonly onRow: CsvRowHandler,
    delimiter = ',',
  ) {
    this.sep = delimiter.charCodeAt(0);
  }

  /** Adds the next piece of the text. */
  push(chunk: string): void {
    let text = this.rest + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM is not part of the header
    }
    this.rest = text.slice(this.scan(text, false));
  }

  /** Ends the text: the last row needs no line break. */
  end(): void {
    this.scan(this.rest, true);
    this.rest = '';
  }

  /**
   * Emits every complete row of `text`; returns where the first incomplete one starts. When
   * `final`, the end of the text ends the last row (an unterminated quote is an error then).
   */
  private scan(text: string, final: boolean): number {
    const n = text.length;
    let rowStart = 0;
    let i = 0;
    while (rowStart < n) {
      const row: string[] = [];
      let line = this.line;
      i = rowStart;
      let complete = false;
      for (;;) {
        // One field starts at i.
        if (i < n && text.charCodeAt(i) === QUOTE) {
          let field = '';
          let from = i + 1;
          for (;;) {
            const q = text.indexOf('"', from);
            if (q < 0) {
              if (final) throw new CsvParseError('unterminated quoted field', line);
              return rowStart;
            }
            if (q + 1 >= n && !final) return rowStart; // a doubled quote may follow in the next chunk
            const piece = text.slice(from, q);
            for (let k = piece.indexOf('\n'); k >= 0; k = piece.indexOf('\n', k + 1)) line++;
            field += piece;
            if (text.charCodeAt(q + 1) === QUOTE) {
              field += '"';
              from = q + 2;
              continue;
            }
            i = q + 1;
            break;
          }
          row.push(field);
          if (i < n) {
            const c = text.charCodeAt(i);
            if (c !== this.sep && c !== LF && c !== CR)
              throw new CsvParseError(
                `unexpected character ${JSON.stringify(text[i])} after a closing quote`,
                line,
              );
          }
        } else {
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === this.sep || c === LF || c === CR) break;
            j++;
          }
          row.push(text.slice(i, j));
          i = j;
        }
        if (i >= n) {
          if (!final) return rowStart;
          complete = true;
          break;
        }
        const c = text.charCodeAt(i);
        if (c === this.sep) {
          i++;
          if (i >= n && final) {
            row.push('');
            complete = true;
            break;
          }
          continue;
        }
        // A line break: CR may be followed by LF, which may sit in the next chunk.
        if (c === CR && i + 1 >= n && !final) return rowStart;
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
        complete = true;
        break;
      }
      if (!complete) return rowStart;
      this.onRow(row, this.line);
      this.line = line;
      rowStart = i;
    }
    return n;
  }
}

/** Parses CSV text into rows of fields. A trailing line break does not create an empty row. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  const reader = new CsvRowReader((r) => rows.push(r), delimiter);
  reader.push(text);
  reader.end();
  return rows;
}

/** Separators a header may use, in the order ties are broken. */
export const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The separator of a file from the start of its text: the one of `DELIMITERS` found most often
 * outside quotes in the first line (the header); a comma when none is.
 */
export function sniffDelimiter(start: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of start) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if ((counts.get(d) as number) > (counts.get(best) as number)) best = d;
  return best;
}

/** Serialises rows as RFC 4180 CSV (quotes only where needed, CRLF line ends). */
export function formatCsv(rows: readonly (readonly string[])[], delimiter = ','): string {
  const esc = (f: string) => (/["\r\n]/.test(f) || f.includes(delimiter) ? `"${f.replace(/"/g, '""')}"` : f);
  return rows.map((r) => r.map(esc).join(delimiter)).join('\r\n') + (rows.length ? '\r\n' : '');
}
