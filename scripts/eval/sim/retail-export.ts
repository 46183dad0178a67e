/**
 * Writes purchase histories as a public retail export looks (UCI "Online Retail" style): a BOM,
 * header `Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Amount,Customer ID,Country`,
 * CRLF line ends, several order lines per purchase day (sometimes two invoices the same day),
 * descriptions with commas and doubled quotes, amounts over 1,000 written with a thousands comma,
 * guest orders without a customer id, and returns (invoice `C…`, negative quantity and amount) a
 * few days after a purchase. Loading the file back must give exactly the histories written.
 */
import fs from 'node:fs';
import { mulberry32 } from '../../../cloudfunctions/common/random';
import { formatCsv } from '../csv';
import type { SimCustomer } from './worlds';

/** How the export is written. */
export interface RetailExportOptions {
  seed: number;
  /** `us`: `M/D/YYYY h:mm` (as spreadsheets write it); `iso`: `YYYY-MM-DD hh:mm:ss`; `mixed`: either per row */
  dates: 'us' | 'iso' | 'mixed';
  /** guest order lines (no customer id) per purchase day written */
  guestShare?: number;
  /** share of purchase days followed by a return */
  returnShare?: number;
  /** mean order lines per purchase day (1 + exponential); default 1–6 uniformly */
  linesPerDay?: number;
}

/** What was written. */
export interface RetailExportStats {
  rows: number;
  guestRows: number;
  returnRows: number;
  bytes: number;
}

const HEADER = [
  'Invoice',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'Price',
  'Amount',
  'Customer ID',
  'Country',
];
const ITEMS = [
  'WHITE HANGING HEART T-LIGHT HOLDER',
  'PINK CHERRY LIGHTS, SMALL',
  'SET OF 3 "VINTAGE" TINS',
  "PAPER CHAIN KIT, 50'S CHRISTMAS",
  'JUMBO BAG RED RETROSPOT',
  '香薰蜡烛 礼盒装',
];
const COUNTRIES = ['United Kingdom', 'Germany', 'France', 'EIRE', '中国'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Writes the export to `file` (streamed in blocks); returns its counts. */
export function writeRetailExport(
  file: string,
  customers: readonly SimCustomer[],
  o: RetailExportOptions,
): RetailExportStats {
  const rand = mulberry32(o.seed);
  const guestShare = o.guestShare ?? 0.25;
  const returnShare = o.returnShare ?? 0.03;
  const stats: RetailExportStats = { rows: 0, guestRows: 0, returnRows: 0, bytes: 0 };
  const fd = fs.openSync(file, 'w');
  let block: string[][] = [];
  const flush = () => {
    const text = formatCsv(block);
    stats.bytes += Buffer.byteLength(text);
    fs.writeSync(fd, text);
    block = [];
  };
  const when = (day: number) => {
    const [y, m, d] = new Date(day * 86_400_000).toISOString().slice(0, 10).split('-').map(Number);
    const hh = 8 + Math.floor(rand() * 12);
    const mi = Math.floor(rand() * 60);
    const us = o.dates === 'us' || (o.dates === 'mixed' && rand() < 0.5);
    return us
      ? `${m}/${d}/${y} ${hh}:${pad(mi)}`
      : `${y}-${pad(m)}-${pad(d)} ${pad(hh)}:${pad(mi)}:${pad(Math.floor(rand() * 60))}`;
  };
  const money = (cents: number) => {
    const v = Math.abs(cents) / 100;
    const s = v >= 1000 ? v.toLocaleString('en-US', { minimumFractionDigits: 2 }) : v.toFixed(2);
    return cents < 0 ? `-${s}` : s;
  };
  let invoice = 489_434;
  const line = (inv: string, day: string, cents: number, id: string, country: string) => {
    const qty = 1 + Math.floor(rand() * 12);
    const sign = cents < 0 ? -1 : 1;
    block.push([
      inv,
      String(10_000 + Math.floor(rand() * 9000)),
      ITEMS[Math.floor(rand() * ITEMS.length)],
      String(sign * qty),
      day,
      (Math.abs(cents) / qty / 100).toFixed(2),
      money(cents),
      id,
      country,
    ]);
    stats.rows++;
    if (block.length >= 50_000) flush();
  };
  block.push(HEADER);
  fs.writeSync(fd, '\ufeff');
  for (const c of customers) {
    const country = COUNTRIES[Math.floor(rand() * COUNTRIES.length)];
    c.days.forEach((day, k) => {
      const total = Math.round(c.amounts[k] * 100);
      // Split the day's amount over 1–6 lines (in one or two invoices), each at least a cent.
      const drawn =
        o.linesPerDay === undefined
          ? 1 + Math.floor(rand() * 6)
          : 1 + Math.floor(-Math.log(Math.max(rand(), 1e-12)) * (o.linesPerDay - 1));
      const lines = Math.max(1, Math.min(total, drawn));
      const invoices = lines > 1 && rand() < 0.1 ? 2 : 1;
      let left = total;
      for (let l = 0; l < lines; l++) {
        const cents =
          l === lines - 1
            ? left
            : Math.max(1, Math.min(left - (lines - 1 - l), Math.round((total / lines) * (0.5 + rand()))));
        left -= cents;
        line(String(invoice + (l % invoices)), when(day), cents, c.id, country);
      }
      invoice += invoices;
      if (rand() < guestShare) {
        line(String(invoice++), when(day), 100 + Math.floor(rand() * 5000), '', country);
        stats.guestRows++;
      }
      if (rand() < returnShare) {
        line(
          `C${invoice++}`,
          when(day + 1 + Math.floor(rand() * 5)),
          -(1 + Math.floor(rand() * total)),
          c.id,
          country,
        );
        stats.returnRows++;
      }
    });
  }
  flush();
  fs.closeSync(fd);
  return stats;
}
