/**
 * Writes purchase histories as a public retail export looks (UCI "Online Retail" style): a BOM,
 * header `Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Amount,Customer ID,Country`,
 * CRLF line ends, several order lines per purchase day (sometimes two invoices the same day),
 * descriptions with commas and doubled quotes, amounts over 1,000 written with a thousands comma,
 * guest orders without a customer id, and returns (invoice `C…`, negative quantity and amount) a
 * few days after a purchase. Loading the file back must give exactly the histories written.
 * Other layouts (`layout`) write the same lines as other corpora do: UCI Online Retail's one-year
 * file (no total column: `UnitPrice` stays positive on a return, only `Quantity` is negative) and
 * Olist's payments joined to orders (every cell quoted, 32-hex customer ids). `quirks` adds what
 * concatenated or re-saved exports carry (repeated header rows, `nan` ids, a currency sign, a
 * trailer of blank and empty-cell lines).
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
  /** columns written (default `retail`, the layout above) */
  layout?: RetailLayout;
  /** format quirks of re-saved exports (none by default) */
  quirks?: ExportQuirks;
}

/** Which corpus the file looks like: its header and cells (see LAYOUTS). */
export type RetailLayout = 'retail' | 'online-retail' | 'olist';

/** What concatenated or re-saved exports carry. */
export interface ExportQuirks {
  /** the header again after every this many data rows (monthly files concatenated) */
  repeatHeaderEvery?: number;
  /** how a missing customer id is written (pandas writes `nan`); default empty */
  missingId?: string;
  /** a currency sign before every amount (`£12.50`) */
  currency?: string;
  /** blank lines and a line of empty cells at the end (a spreadsheet's saved trailer) */
  trailer?: boolean;
}

/** One order line before it is laid out. */
interface OrderLine {
  invoice: string;
  stock: string;
  item: string;
  quantity: number;
  when: string;
  unitPrice: string;
  amount: string;
  id: string;
  country: string;
}

/** Each layout's header, its row, and the columns eval:clv is run with. */
export const LAYOUTS: Record<
  RetailLayout,
  {
    header: string[];
    row: (l: OrderLine) => string[];
    columns: { id: string; date: string; amount: string };
    quoteAll?: true;
  }
> = {
  retail: {
    header: [
      'Invoice',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'Price',
      'Amount',
      'Customer ID',
      'Country',
    ],
    row: (l) => [
      l.invoice,
      l.stock,
      l.item,
      String(l.quantity),
      l.when,
      l.unitPrice,
      l.amount,
      l.id,
      l.country,
    ],
    columns: { id: 'Customer ID', date: 'InvoiceDate', amount: 'Amount' },
  },
  'online-retail': {
    header: [
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ],
    row: (l) => [l.invoice, l.stock, l.item, String(l.quantity), l.when, l.unitPrice, l.id, l.country],
    columns: { id: 'CustomerID', date: 'InvoiceDate', amount: 'UnitPrice' },
  },
  olist: {
    header: ['order_id', 'customer_unique_id', 'order_purchase_timestamp', 'payment_type', 'payment_value'],
    row: (l) => [l.invoice, l.id, l.when, l.stock, l.amount],
    columns: { id: 'customer_unique_id', date: 'order_purchase_timestamp', amount: 'payment_value' },
    quoteAll: true,
  },
};

/** What was written. */
export interface RetailExportStats {
  rows: number;
  guestRows: number;
  returnRows: number;
  /** header rows written again inside the data (quirks.repeatHeaderEvery) */
  repeatedHeaders: number;
  bytes: number;
}

const ITEMS = [
  'WHITE HANGING HEART T-LIGHT HOLDER',
  'PINK CHERRY LIGHTS, SMALL',
  'SET OF 3 "VINTAGE" TINS',
  "PAPER CHAIN KIT, 50'S CHRISTMAS",
  'JUMBO BAG RED RETROSPOT',
  '香薰蜡烛 礼盒装',
];
const PAYMENTS = ['credit_card', 'boleto', 'voucher', 'debit_card'];
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
  const stats: RetailExportStats = { rows: 0, guestRows: 0, returnRows: 0, repeatedHeaders: 0, bytes: 0 };
  const layout = LAYOUTS[o.layout ?? 'retail'];
  const q = o.quirks ?? {};
  const fd = fs.openSync(file, 'w');
  let block: string[][] = [];
  const flush = () => {
    const text = layout.quoteAll
      ? block.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',') + '\r\n').join('')
      : formatCsv(block);
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
    const s =
      (q.currency ?? '') +
      (v >= 1000 ? v.toLocaleString('en-US', { minimumFractionDigits: 2 }) : v.toFixed(2));
    return cents < 0 ? `-${s}` : s;
  };
  let invoice = 489_434;
  const line = (inv: string, day: string, cents: number, id: string, country: string) => {
    const qty = 1 + Math.floor(rand() * 12);
    const sign = cents < 0 ? -1 : 1;
    const stock = 10_000 + Math.floor(rand() * 9000);
    const item = ITEMS[Math.floor(rand() * ITEMS.length)];
    block.push(
      layout.row({
        invoice:
          o.layout === 'olist'
            ? inv.startsWith('C')
              ? inv
              : Number(inv).toString(16).padStart(32, '0')
            : inv,
        stock: o.layout === 'olist' ? PAYMENTS[stock % PAYMENTS.length] : String(stock),
        item,
        quantity: sign * qty,
        when: day,
        unitPrice: (q.currency ?? '') + (Math.abs(cents) / qty / 100).toFixed(2),
        amount: money(cents),
        id: id === '' ? (q.missingId ?? '') : id,
        country,
      }),
    );
    stats.rows++;
    if (q.repeatHeaderEvery && stats.rows % q.repeatHeaderEvery === 0) {
      block.push(layout.header);
      stats.repeatedHeaders++;
    }
    if (block.length >= 50_000) flush();
  };
  block.push(layout.header);
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
  if (q.trailer) fs.writeSync(fd, `${','.repeat(layout.header.length - 1)}\r\n\r\n\r\n`);
  fs.closeSync(fd);
  return stats;
}
