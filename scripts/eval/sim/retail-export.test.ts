import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPurchaseFile } from '../purchases-csv';
import { LAYOUTS, writeRetailExport } from './retail-export';
import { parsePurchaseDay } from '../purchase-dates';
import { olistWorld, onlineRetailWorld } from './corpus-worlds';
import { bgnbdWorld, cyclicSeasonalWorld } from './worlds';

describe('simulated retail exports', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-retail-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['us', 'iso', 'mixed'] as const)(
    'load back as exactly the histories written (%s dates)',
    (dates) => {
      const w = cyclicSeasonalWorld(300, 5);
      const file = path.join(dir, `${dates}.csv`);
      const stats = writeRetailExport(file, w.customers, { seed: 9, dates });
      const text = fs.readFileSync(file, 'utf8');
      expect(text.startsWith('\ufeffInvoice,')).toBe(true);
      expect(text).toMatch(/\r\n/);
      expect(text).toMatch(/"SET OF 3 ""VINTAGE"" TINS"/);
      const got = loadPurchaseFile(file, { id: 'Customer ID', date: 'InvoiceDate', amount: 'Amount' });
      expect(got.rows).toBe(stats.rows);
      expect(got.emptyId).toBe(stats.guestRows);
      expect(got.nonPositive).toBe(stats.returnRows);
      expect(stats.guestRows).toBeGreaterThan(0);
      expect(stats.returnRows).toBeGreaterThan(0);
      expect(got.unreadable).toBe(0);
      expect(got.customers.size).toBe(w.customers.length);
      for (const c of w.customers) {
        const h = got.customers.get(c.id)!;
        expect(h.days).toEqual(c.days);
        h.amounts.forEach((a, i) => expect(a).toBeCloseTo(c.amounts[i], 6));
      }
    },
  );

  it('UCI Online Retail layout: returns keep a positive unit price and still are not purchases', () => {
    const w = onlineRetailWorld(300, 4);
    const file = path.join(dir, 'online-retail.csv');
    const stats = writeRetailExport(file, w.customers, { seed: 2, dates: 'us', layout: 'online-retail' });
    expect(fs.readFileSync(file, 'utf8')).toMatch(
      /^\ufeffInvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n/,
    );
    const got = loadPurchaseFile(file, LAYOUTS['online-retail'].columns);
    expect(stats.returnRows).toBeGreaterThan(0);
    expect(got.nonPositiveQuantity + got.nonPositive).toBeGreaterThanOrEqual(stats.returnRows);
    expect(got.customers.size).toBe(w.customers.length);
    for (const c of w.customers) expect(got.customers.get(c.id)?.days).toEqual(c.days);
  });

  it('Olist layout with every quirk (quoted cells, repeated headers, nan ids, £, trailer) loads back exactly', () => {
    const w = olistWorld(400, 3);
    const file = path.join(dir, 'olist.csv');
    const stats = writeRetailExport(file, w.customers, {
      seed: 5,
      dates: 'iso',
      layout: 'olist',
      guestShare: 0.1,
      quirks: { repeatHeaderEvery: 97, missingId: 'nan', currency: '£', trailer: true },
    });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(
      /"order_purchase_timestamp","payment_type","payment_value"\r\n"[0-9a-f]{32}","[0-9a-f]{32}","\d{4}-\d\d-\d\d \d\d:\d\d:\d\d","[a-z_]+","£/,
    );
    expect(text).toMatch(/,"nan",/);
    expect(text.endsWith(',,,,\r\n\r\n\r\n')).toBe(true);
    const got = loadPurchaseFile(file, LAYOUTS.olist.columns);
    expect(got.rows).toBe(stats.rows);
    expect(got.repeatedHeaders).toBe(stats.repeatedHeaders);
    expect(stats.repeatedHeaders).toBeGreaterThan(0);
    expect(got.emptyId).toBe(stats.guestRows);
    expect(got.nonPositive).toBe(stats.returnRows);
    expect(got.unreadable).toBe(0);
    for (const c of w.customers) {
      const h = got.customers.get(c.id)!;
      expect(h.days).toEqual(c.days);
      h.amounts.forEach((a, i) => expect(a).toBeCloseTo(c.amounts[i], 6));
    }
  });

  it('simulated worlds are the same shop for the same seed, and another for another seed', () => {
    expect(bgnbdWorld(50, 3, true)).toEqual(bgnbdWorld(50, 3, true));
    expect(bgnbdWorld(50, 3, true).customers).not.toEqual(bgnbdWorld(50, 4, true).customers);
    // The three-year pure BG/NBD shop: 156 weeks of calibration, customers joining over its first two years.
    const y3 = bgnbdWorld(300, 3, '3y');
    expect(new Date(y3.calibrationEnd).getTime() - new Date('2021-01-04').getTime()).toBe(
      (156 * 7 - 1) * 86_400_000,
    );
    expect(Math.max(...y3.customers.map((c) => c.days[0]))).toBeGreaterThan(parsePurchaseDay('2022-06-01'));
    expect(Math.max(...y3.customers.map((c) => c.days[0]))).toBeLessThan(parsePurchaseDay('2023-01-03'));
    const w = cyclicSeasonalWorld(200, 2);
    for (const c of w.customers) {
      expect(c.days.every((d, i) => i === 0 || d > c.days[i - 1])).toBe(true);
      expect(c.amounts.every((a) => a > 0)).toBe(true);
    }
  });
});
