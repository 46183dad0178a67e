/**
 * Loads a shop's purchase export (one row per order line) into per-customer purchase histories,
 * with the conventions the value and segment evaluations share: purchases of one customer on one
 * day count once (their amounts add up), rows with a non-positive amount are not purchases
 * (refunds, zero-value lines), and dates take the formats of `parsePurchaseDay`.
 */
import type { PurchaseHistory } from '../../cloudfunctions/common/value/history';
import { parseCsv } from './csv';
import { parsePurchaseDay, PurchaseDateError } from './purchase-dates';

/** Which columns hold what (header names). */
export interface PurchaseColumns {
  id: string;
  date: string;
  /** optional: without it every row is a purchase of amount 0 */
  amount?: string;
}

/** Thrown for a missing column or an unreadable cell, with the 1-based line of the file. */
export class PurchaseCsvError extends Error {
  override name = 'PurchaseCsvError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

/** Histories by customer id, and what was read. */
export interface LoadedPurchases {
  customers: Map<string, PurchaseHistory>;
  rows: number;
  /** rows dropped because their amount was ≤ 0 */
  nonPositive: number;
}

/** Parses an amount cell: a plain decimal number, thousands separators and spaces tolerated. */
function parseAmount(cell: string, line: number): number {
  const v = Number(cell.replace(/[,\s]/g, ''));
  if (cell.trim() === '' || !Number.isFinite(v))
    throw new PurchaseCsvError(`unreadable amount ${JSON.stringify(cell)}`, line);
  return v;
}

/** Reads CSV text (with a header row) into purchase histories. */
export function loadPurchases(text: string, cols: PurchaseColumns): LoadedPurchases {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new PurchaseCsvError('the file is empty');
  const header = rows[0].map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0)
      throw new PurchaseCsvError(`no column ${JSON.stringify(name)} (columns: ${header.join(', ')})`);
    return i;
  };
  const iId = col(cols.id);
  const iDate = col(cols.date);
  const iAmount = cols.amount === undefined ? -1 : col(cols.amount);
  const byCustomer = new Map<string, Map<number, number>>();
  let nonPositive = 0;
  let read = 0;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length === 1 && row[0].trim() === '') continue; // blank line
    read++;
    const line = r + 1;
    const id = (row[iId] ?? '').trim();
    if (id === '') throw new PurchaseCsvError('empty customer id', line);
    const amount = iAmount < 0 ? 0 : parseAmount(row[iAmount] ?? '', line);
    if (iAmount >= 0 && amount <= 0) {
      nonPositive++;
      continue;
    }
    let day: number;
    try {
      day = parsePurchaseDay(row[iDate] ?? '');
    } catch (e) {
      if (e instanceof PurchaseDateError) throw new PurchaseCsvError(e.message, line);
      throw e;
    }
    let days = byCustomer.get(id);
    if (!days) byCustomer.set(id, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + amount);
  }
  const customers = new Map<string, PurchaseHistory>();
  for (const [id, days] of byCustomer) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    customers.set(id, { days: sorted, amounts: sorted.map((d) => days.get(d) as number) });
  }
  return { customers, rows: read, nonPositive };
}
