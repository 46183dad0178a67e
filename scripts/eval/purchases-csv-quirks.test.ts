/**
 * What other public exports carry beyond the formats of purchases-csv.test.ts: returns marked only
 * by a negative Quantity (UCI Online Retail keeps the unit price positive), the header repeated
 * where files were joined, ids that a tool wrote as `nan`/`NULL`, lines of empty cells, and the
 * span of days the export covers; and the hold-out coverage rule eval:clv applies to that span.
 */
import fc from 'fast-check';
import { formatCsv } from './csv';
import { holdoutCoverage } from './purchase-eval-args';
import { formatDay, parsePurchaseDay } from './purchase-dates';
import { loadPurchases } from './purchases-csv';

const day = parsePurchaseDay;
const HEADER = ['InvoiceNo', 'StockCode', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'];

describe('loadPurchases on exports with returns as negative quantities and joined files', () => {
  it('a return with a positive unit price is not a purchase (UCI Online Retail)', () => {
    const text = formatCsv([
      HEADER,
      ['536365', '85123A', '6', '12/1/2010 8:26', '2.55', '17850'],
      ['C536379', 'D', '-1', '12/3/2010 9:41', '27.50', '17850'],
      ['536380', '22961', '0', '12/4/2010 9:41', '1.45', '17850'],
    ]);
    const got = loadPurchases(text, { id: 'CustomerID', date: 'InvoiceDate', amount: 'UnitPrice' });
    expect(got.customers.get('17850')?.days).toEqual([day('2010-12-01')]);
    expect(got.nonPositiveQuantity).toBe(2);
    expect(got.rows).toBe(3);
    // Without --amount too: the quantity still tells a return from a purchase.
    const noAmount = loadPurchases(text, { id: 'CustomerID', date: 'InvoiceDate' });
    expect(noAmount.customers.get('17850')?.days).toEqual([day('2010-12-01')]);
    // The export covers the days of every readable row, returns included.
    expect([got.firstDay, got.lastDay]).toEqual([day('2010-12-01'), day('2010-12-04')]);
  });

  it('a Quantity column chosen as the amount is the amount, not a return marker', () => {
    const got = loadPurchases(formatCsv([HEADER, ['1', 'A', '-2', '2010-12-01', '1.00', 'c1']]), {
      id: 'CustomerID',
      date: 'InvoiceDate',
      amount: 'Quantity',
    });
    expect(got.nonPositive).toBe(1);
    expect(got.nonPositiveQuantity).toBe(0);
  });

  it('skips repeated headers, empty-cell lines and nan/NULL ids, and counts them', () => {
    const text =
      formatCsv([
        HEADER,
        ['1', 'A', '1', '2011-01-03 10:00:00', '1.00', 'c1'],
        HEADER,
        [' InvoiceNo', 'StockCode', 'Quantity ', 'InvoiceDate', 'UnitPrice', 'CustomerID'],
        ['2', 'A', '1', '2011-01-04 10:00:00', '1.00', 'nan'],
        ['3', 'A', '1', '2011-01-05 10:00:00', '1.00', 'NULL'],
        ['4', 'A', '1', '2011-01-06 10:00:00', '1.00', 'c1'],
        ['', '', '', '', '', ''],
      ]) + '\r\n\r\n';
    const got = loadPurchases(text, { id: 'CustomerID', date: 'InvoiceDate', amount: 'UnitPrice' });
    expect(got.repeatedHeaders).toBe(2);
    expect(got.rows).toBe(4);
    expect(got.emptyId).toBe(2);
    expect(got.unreadable).toBe(0);
    expect([...got.customers.keys()]).toEqual(['c1']);
    expect(got.lastDay).toBe(day('2011-01-06'));
  });

  it('matches a direct count for any joined export with returns, markers and blank lines (property)', () => {
    const row = fc.record({
      kind: fc.constantFrom('line', 'line', 'line', 'header', 'blank', 'empty-cells'),
      id: fc.constantFrom('', 'nan', 'N/A', 'c1', 'c2', ' c3 ', 'nancy'),
      day: fc.integer({ min: 0, max: 60 }),
      quantity: fc.integer({ min: -3, max: 5 }),
      price: fc.constantFrom('0.00', '1.25', '£2.50', '"1,204.00"', '-1.00'),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rs) => {
        const lines = ['InvoiceNo,Quantity,InvoiceDate,UnitPrice,Customer ID'];
        const want = new Map<string, Set<number>>();
        let rows = 0;
        let returns = 0;
        let headers = 0;
        for (const r of rs) {
          if (r.kind === 'header') {
            lines.push(lines[0]);
            headers++;
            continue;
          }
          if (r.kind !== 'line') {
            lines.push(r.kind === 'blank' ? '' : ',,,,');
            continue;
          }
          rows++;
          lines.push(`9,${r.quantity},${formatDay(15_000 + r.day)} 08:00,${r.price},${r.id}`);
          const id = r.id.trim();
          const price = Number(r.price.replace(/[£",]/g, ''));
          if (id === '' || id === 'nan' || id === 'N/A' || price <= 0) continue;
          if (r.quantity <= 0) {
            returns++;
            continue;
          }
          want.set(id, (want.get(id) ?? new Set()).add(15_000 + r.day));
        }
        const got = loadPurchases(lines.join('\n'), {
          id: 'customer id',
          date: 'InvoiceDate',
          amount: 'UnitPrice',
        });
        expect(got.rows).toBe(rows);
        expect(got.repeatedHeaders).toBe(headers);
        expect(got.nonPositiveQuantity).toBe(returns);
        expect(got.unreadable).toBe(0);
        expect([...got.customers.keys()].sort()).toEqual([...want.keys()].sort());
        for (const [id, days] of want)
          expect(got.customers.get(id)?.days).toEqual([...days].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('loadPurchases on other separators and with hints for what it will not guess', () => {
  const rows = [
    ['id', 'date', 'amount'],
    ['c1', '2011-01-03 10:00:00', '12.50'],
    ['c1', '2011-01-09', '"1,204.00"'],
    ['c2', '1/4/2011 9:00', '3'],
  ];
  const cols = { id: 'id', date: 'date', amount: 'amount' };

  it('reads a semicolon- or tab-separated export as the comma one', () => {
    const comma = loadPurchases(rows.map((r) => r.join(',')).join('\n'), cols);
    for (const sep of [';', '\t']) {
      const got = loadPurchases(rows.map((r) => r.join(sep)).join('\r\n'), cols);
      expect(got.customers).toEqual(comma.customers);
      expect(got.rows).toBe(3);
    }
    expect(comma.customers.get('c1')?.amounts).toEqual([12.5, 1204]);
  });

  it('names the decimal comma and the day-first date when it refuses them', () => {
    const decimal = [...rows, ...Array.from({ length: 5 }, () => ['c3', '2011-02-01', '"9,25"'])];
    expect(() => loadPurchases(decimal.map((r) => r.join(';')).join('\n'), cols)).toThrow(
      /unreadable amount "9,25" \(a decimal comma is not read/,
    );
    const dayFirst = [...rows, ...Array.from({ length: 5 }, () => ['c3', '24/5/2011 14:51', '1'])];
    expect(() => loadPurchases(dayFirst.map((r) => r.join(',')).join('\n'), cols)).toThrow(
      /day-first D\/M\/YYYY is not read/,
    );
  });
});

describe('holdoutCoverage', () => {
  const cal = day('2011-09-09');
  const span = (rows: number, first: string, last: string) => ({
    rows,
    firstDay: day(first),
    lastDay: day(last),
  });

  it('says nothing about a hold-out the file covers', () => {
    expect(holdoutCoverage(span(500_000, '2010-12-01', '2011-12-09'), cal, day('2011-12-09'))).toEqual({
      uncoveredDays: 0,
      note: null,
      loud: false,
    });
  });

  it('warns loudly of a hold-out running weeks past a busy export, naming the date that is covered', () => {
    const r = holdoutCoverage(span(500_000, '2010-12-01', '2011-12-09'), cal, day('2011-12-31'));
    expect(r.loud).toBe(true);
    expect(r.uncoveredDays).toBe(22);
    expect(r.note).toMatch(
      /^WARNING: the file's last row is on 2011-12-09, 22 days before --holdout-end 2011-12-31/,
    );
    expect(r.note).toMatch(/--holdout-end 2011-12-09 would be covered$/);
    const after = holdoutCoverage(span(500_000, '2010-12-01', '2011-08-31'), cal, day('2011-12-09'));
    expect(after.note).toMatch(/\(and an earlier --calibration-end\) would be covered$/);
  });

  it('only notes a closed weekend, and a quiet fortnight in a tiny shop', () => {
    const weekend = holdoutCoverage(span(500_000, '2010-12-01', '2011-12-09'), cal, day('2011-12-11'));
    expect(weekend).toMatchObject({ loud: false, uncoveredDays: 2 });
    expect(weekend.note).toMatch(/2 days before --holdout-end 2011-12-11; judged as given/);
    // 60 rows over a year: 0.16 a day, 2.3 expected in 14 days — an empty fortnight is plausible.
    const tiny = holdoutCoverage(span(60, '2011-01-01', '2011-11-25'), cal, day('2011-12-09'));
    expect(tiny).toMatchObject({ loud: false, uncoveredDays: 14 });
  });

  it('warns loudly exactly when the tail is over a week and ≥ 3 rows were expected in it (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.integer({ min: 10, max: 800 }),
        fc.integer({ min: -30, max: 120 }),
        (rows, days, tail) => {
          const first = 10_000;
          const last = first + days - 1;
          const r = holdoutCoverage({ rows, firstDay: first, lastDay: last }, last - 100, last + tail);
          expect(r.loud).toBe(tail > 7 && (rows / days) * tail >= 3);
          expect(r.uncoveredDays).toBe(Math.max(0, tail));
          expect(r.note !== null).toBe(tail > 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
