/**
 * Loads a shop's purchase export (one row per order line) into per-customer purchase histories,
 * with the conventions the value and segment evaluations share (issue 11's interface): purchases
 * of one customer on one day count once (their amounts add up), rows with a non-positive amount
 * are not purchases (refunds, zero-value lines), and dates take the formats of `parsePurchaseDay`.
 * Public retail exports also carry rows without a customer (guest checkouts, or an id written
 * `nan`/`NULL`/`N/A` by the tool that saved it), returns written as a negative `Quantity` beside a
 * positive unit price (UCI Online Retail), the header repeated where monthly files were joined,
 * and the odd unreadable cell; those rows are skipped and COUNTED (the command prints the counts),
 * unless so many are unreadable that the columns or formats must be wrong — then it refuses the
 * file. Blank lines and lines of empty cells are not rows.
 * Files are read in chunks (`loadPurchaseFile`), so a million-row export never sits in memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { PurchaseHistory } from '../../cloudfunctions/common/value/history';
import { CsvRowReader, sniffDelimiter } from './csv';
import { parsePurchaseDay, PurchaseDateError } from './purchase-dates';

/** Which columns hold what (header names). */
export interface PurchaseColumns {
  id: string;
  date: string;
  /** optional: without it every row is a purchase of amount 0 */
  amount?: string;
}

/** Thrown for a missing column or a file that cannot be read as purchases, with the 1-based line. */
export class PurchaseCsvError extends Error {
  override name = 'PurchaseCsvError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

/** A skipped row: its line and why. */
export interface SkippedRow {
  line: number;
  why: string;
}

/** Histories by customer id, and what was read. */
export interface LoadedPurchases {
  customers: Map<string, PurchaseHistory>;
  /** data rows read (blank lines not counted) */
  rows: number;
  /** rows dropped because their amount was ≤ 0 */
  nonPositive: number;
  /** rows dropped because the customer id was empty or a missing-value marker (guest orders) */
  emptyId: number;
  /** rows dropped because the file's `Quantity` column (when it has one) was ≤ 0: returns */
  nonPositiveQuantity: number;
  /** rows equal to the header (files joined one after another), not counted in `rows` */
  repeatedHeaders: number;
  /** the first and last day of any row with a readable date (guests and returns included), or NaN */
  firstDay: number;
  lastDay: number;
  /** rows dropped because a date or amount could not be read */
  unreadable: number;
  /** the first few unreadable rows, for the message */
  unreadableExamples: SkippedRow[];
}

/** More unreadable rows than this share of the data rows mean the wrong column or format. */
export const MAX_UNREADABLE_SHARE = 0.01;
const EXAMPLES = 5;

/** What spreadsheets, pandas, R and SQL dumps write for a missing id: such a row has no customer. */
const MISSING_ID = new Set(['nan', 'na', 'n/a', '#n/a', 'null', 'none', 'undefined', '-']);

const CURRENCY = /^[$£€¥￥]|^(?:US\$|RMB|CNY|USD|EUR|GBP)\s*/i;
const THOUSANDS = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const PLAIN = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Parses an amount cell, or returns null. Accepted: a decimal number with a dot (`12.5`, `-3`,
 * `1e3`), thousands separated by commas in groups of three (`1,234.50`), a leading currency sign
 * (`$`, `£`, `€`, `¥`, `RMB`…), and accounting negatives `(12.00)`. A decimal COMMA (`12,5`) is
 * refused rather than guessed: `1,234` would be ambiguous.
 */
export function parseAmount(cell: string): number | null {
  let t = cell.trim();
  let sign = 1;
  if (t.startsWith('(') && t.endsWith(')')) {
    sign = -1;
    t = t.slice(1, -1).trim();
  }
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t[0] === '-') sign = -sign;
    t = t.slice(1).trim();
  }
  const bare = t.replace(CURRENCY, '').trim();
  if (bare !== t && bare.startsWith('-')) {
    t = bare;
    sign = -sign;
    t = t.slice(1);
  } else t = bare;
  if (THOUSANDS.test(t)) t = t.replace(/,/g, '');
  else if (!PLAIN.test(t)) return null;
  const v = sign * Number(t);
  return Number.isFinite(v) ? v : null;
}

/**
 * A copy of `s` that shares no memory with the text it was cut from. V8 keeps a cell cut from a
 * chunk of the file (`slice`) as a view of that chunk, so an id kept for the whole run as a map key
 * kept its 4 MB chunk too: on a 500,000-customer export about 30 % of the memory after reading was
 * the file's text (models/value/report.md, "Speed, cold start, fit, memory"). JSON keeps every
 * UTF-16 unit, lone surrogates included, so the copy is the same string.
 */
export const ownString = (s: string): string => JSON.parse(JSON.stringify(s)) as string;

/** Folds rows (header first) into histories; the header decides the columns. */
class PurchaseAccumulator {
  private byCustomer = new Map<string, Map<number, number>>();
  private cols: { id: number; date: number; amount: number; quantity: number } | null = null;
  private headerLine = '';
  private idName = '';
  private stats = {
    rows: 0,
    nonPositive: 0,
    emptyId: 0,
    nonPositiveQuantity: 0,
    repeatedHeaders: 0,
    unreadable: 0,
    firstDay: NaN,
    lastDay: NaN,
  };
  private examples: SkippedRow[] = [];

  constructor(private readonly want: PurchaseColumns) {}

  row(fields: string[], line: number): void {
    if (!this.cols) {
      this.cols = this.header(fields);
      this.headerLine = fields.map((f) => f.trim()).join('\u0000');
      this.idName = (fields[this.cols.id] ?? '').trim();
      return;
    }
    if (fields.every((f) => f.trim() === '')) return; // a blank line, or a line of empty cells
    const s = this.stats;
    const c = this.cols;
    // The header again (monthly files joined): its id cell is the id column's name.
    if (
      (fields[c.id] ?? '').trim() === this.idName &&
      fields.map((f) => f.trim()).join('\u0000') === this.headerLine
    ) {
      s.repeatedHeaders++;
      return;
    }
    s.rows++;
    const id = (fields[c.id] ?? '').trim();
    if (id === '' || MISSING_ID.has(id.toLowerCase())) {
      s.emptyId++;
      this.seen(fields[c.date]);
      return;
    }
    let amount = 0;
    if (c.amount >= 0) {
      const cell = fields[c.amount] ?? '';
      const v = parseAmount(cell);
      if (v === null) {
        const hint = /^\s*-?\d+,\d{1,2}\s*$/.test(cell)
          ? ' (a decimal comma is not read: 1,234 would be ambiguous)'
          : '';
        return this.skip(line, `unreadable amount ${JSON.stringify(cell)}${hint}`);
      }
      if (v <= 0) {
        s.nonPositive++;
        this.seen(fields[c.date]);
        return;
      }
      amount = v;
    }
    // A return beside a positive unit price: only the quantity says it is not a purchase.
    const quantity = c.quantity >= 0 ? parseAmount(fields[c.quantity] ?? '') : null;
    if (quantity !== null && quantity <= 0) {
      s.nonPositiveQuantity++;
      this.seen(fields[c.date]);
      return;
    }
    let day: number;
    try {
      day = parsePurchaseDay(fields[c.date] ?? '');
    } catch (e) {
      if (e instanceof PurchaseDateError) return this.skip(line, e.message);
      throw e;
    }
    this.cover(day);
    let days = this.byCustomer.get(id);
    if (!days) this.byCustomer.set(ownString(id), (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + amount);
  }

  finish(): LoadedPurchases {
    if (!this.cols) throw new PurchaseCsvError('the file is empty');
    const s = this.stats;
    if (s.unreadable > MAX_UNREADABLE_SHARE * s.rows) {
      const first = this.examples.map((e) => `line ${e.line}: ${e.why}`).join('; ');
      throw new PurchaseCsvError(
        `${s.unreadable} of ${s.rows} rows have an unreadable date or amount (more than ${MAX_UNREADABLE_SHARE * 100}%: wrong column or format?) — ${first}`,
      );
    }
    const customers = new Map<string, PurchaseHistory>();
    for (const [id, days] of this.byCustomer) {
      const sorted = [...days.keys()].sort((a, b) => a - b);
      customers.set(id, { days: sorted, amounts: sorted.map((d) => days.get(d) as number) });
      // Each day map is dropped once its history is made, so the two never both hold every customer.
      this.byCustomer.delete(id);
    }
    return { customers, ...s, unreadableExamples: this.examples };
  }

  /** The export covers this day (whatever the row was). */
  private cover(day: number): void {
    const s = this.stats;
    if (!(day >= s.firstDay)) s.firstDay = day;
    if (!(day <= s.lastDay)) s.lastDay = day;
  }

  /** A skipped row's date still shows the days the export covers, when it is readable. */
  private seen(cell: string | undefined): void {
    try {
      this.cover(parsePurchaseDay(cell ?? ''));
    } catch (e) {
      if (!(e instanceof PurchaseDateError)) throw e;
    }
  }

  private skip(line: number, why: string): void {
    this.stats.unreadable++;
    if (this.examples.length < EXAMPLES) this.examples.push({ line, why });
  }

  private header(fields: string[]) {
    const header = fields.map((h) => h.trim());
    const col = (name: string) => {
      let i = header.indexOf(name.trim());
      // Exports differ in case ("Customer ID" / "customer id"): accept it when it is unambiguous.
      if (i < 0) {
        const lower = header.map((h) => h.toLowerCase());
        const k = name.trim().toLowerCase();
        if (lower.indexOf(k) === lower.lastIndexOf(k)) i = lower.indexOf(k);
      }
      if (i < 0)
        throw new PurchaseCsvError(`no column ${JSON.stringify(name)} (columns: ${header.join(', ')})`);
      return i;
    };
    const id = col(this.want.id);
    const date = col(this.want.date);
    const amount = this.want.amount === undefined ? -1 : col(this.want.amount);
    // A column named Quantity that is none of the chosen ones marks returns (UCI Online Retail).
    const q = header.findIndex((h) => h.toLowerCase() === 'quantity');
    return { id, date, amount, quantity: q === id || q === date || q === amount ? -1 : q };
  }
}

/** Reads CSV text (with a header row; comma, `;` or tab separated) into purchase histories. */
export function loadPurchases(text: string, cols: PurchaseColumns): LoadedPurchases {
  const acc = new PurchaseAccumulator(cols);
  const reader = new CsvRowReader((f, line) => acc.row(f, line), sniffDelimiter(text.slice(0, 64 << 10)));
  reader.push(text);
  reader.end();
  return acc.finish();
}

/**
 * Reads a CSV file in 4 MB chunks (UTF-8, characters split across chunks kept whole; bytes that
 * are not UTF-8 — a Latin-1 `£` in a description — become U+FFFD and matter only in the cells read).
 * The separator is the header's: a comma, `;` or a tab (`sniffDelimiter`).
 */
export function loadPurchaseFile(file: string, cols: PurchaseColumns): LoadedPurchases {
  const acc = new PurchaseAccumulator(cols);
  let reader: CsvRowReader | null = null;
  const decoder = new StringDecoder('utf8');
  const buf = Buffer.allocUnsafe(4 << 20);
  const fd = fs.openSync(file, 'r');
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = decoder.write(buf.subarray(0, n));
      // The separator is the header's (the first chunk holds it: 4 MB).
      reader ??= new CsvRowReader((f, line) => acc.row(f, line), sniffDelimiter(text.slice(0, 64 << 10)));
      reader.push(text);
    }
    reader ??= new CsvRowReader((f, line) => acc.row(f, line));
    reader.push(decoder.end());
  } finally {
    fs.closeSync(fd);
  }
  reader.end();
  return acc.finish();
}

/** CDNOW's transactions in the shared data folder, and their columns. */
export const CDNOW = {
  file: 'behavior/cdnow_transactions.csv',
  columns: { id: 'customer_id', date: 'date', amount: 'dollar_value' },
} as const;

/** CDNOW's customers' purchase histories (one per customer, in file order) from `dataDir`. */
export function loadCdnow(dataDir: string): PurchaseHistory[] {
  return [...loadPurchaseFile(path.join(dataDir, CDNOW.file), CDNOW.columns).customers.values()];
}
