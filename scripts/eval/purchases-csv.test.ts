import fc from 'fast-check';
import { formatDay, parsePurchaseDay, PurchaseDateError } from './purchase-dates';
import { formatCsv } from './csv';
import { loadPurchases, MAX_UNREADABLE_SHARE, parseAmount, PurchaseCsvError } from './purchases-csv';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('parsePurchaseDay', () => {
  const date = fc.date({
    min: new Date('1990-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  });

  it('reads every accepted format of any calendar date to the same day (property)', () => {
    fc.assert(
      fc.property(date, (d) => {
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth() + 1;
        const day = d.getUTCDate();
        const hh = d.getUTCHours();
        const mi = d.getUTCMinutes();
        const ss = d.getUTCSeconds();
        const expected = Math.floor(d.getTime() / 86_400_000);
        const forms = [
          `${y}-${pad(m)}-${pad(day)}`,
          `${y}-${pad(m)}-${pad(day)} ${pad(hh)}:${pad(mi)}`,
          `${y}-${pad(m)}-${pad(day)} ${pad(hh)}:${pad(mi)}:${pad(ss)}`,
          `${y}-${pad(m)}-${pad(day)}T${pad(hh)}:${pad(mi)}:${pad(ss)}`,
          `${m}/${day}/${y}`,
          `${m}/${day}/${y} ${hh}:${pad(mi)}`,
          `${pad(m)}/${pad(day)}/${y} ${pad(hh)}:${pad(mi)}`,
          `${y}${pad(m)}${pad(day)}`,
          `${m}/${day}/${y} ${hh % 12 === 0 ? 12 : hh % 12}:${pad(mi)}:${pad(ss)} ${hh < 12 ? 'AM' : 'PM'}`,
          `${m}/${day}/${y} ${hh % 12 === 0 ? 12 : hh % 12}:${pad(mi)}${hh < 12 ? 'am' : 'pm'}`,
        ];
        for (const f of forms) expect(parsePurchaseDay(f)).toBe(expected);
        expect(formatDay(expected)).toBe(`${y}-${pad(m)}-${pad(day)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses dates that do not exist and text that is not a date', () => {
    for (const bad of [
      '1997-02-29',
      '1997-13-01',
      '2/30/1997',
      '19970231',
      '1997-01-01 25:00',
      '',
      'yesterday',
      '01-02-1997',
      '1/2/1997 13:00 PM',
      '1/2/1997 0:10 AM',
      '1997-01-02T10:00:00Z',
    ])
      expect(() => parsePurchaseDay(bad)).toThrow(PurchaseDateError);
    expect(parsePurchaseDay('1996-02-29')).toBe(parsePurchaseDay('2/29/1996'));
  });
});

describe('loadPurchases', () => {
  const csv = [
    'cust,when,cds,value',
    '1,1997-01-01,1,11.77',
    '2,1/12/1997 10:05,1,12.00',
    '2,1997-01-12 18:00:00,5,77.00',
    '2,19970102,1,-5',
    '2,1997-01-20,1,0',
    '3,1997-03-02,2,"1,020.76"',
    '',
  ].join('\n');

  it('counts one purchase per customer-day, sums its amounts, and drops non-positive amounts', () => {
    const got = loadPurchases(csv, { id: 'cust', date: 'when', amount: 'value' });
    expect(got.rows).toBe(6);
    expect(got.nonPositive).toBe(2);
    const c2 = got.customers.get('2');
    expect(c2?.days).toEqual([parsePurchaseDay('1997-01-12')]);
    expect(c2?.amounts[0]).toBeCloseTo(89);
    expect(got.customers.get('3')?.amounts).toEqual([1020.76]);
  });

  it('without an amount column every row is a purchase', () => {
    const got = loadPurchases(csv, { id: 'cust', date: 'when' });
    expect(got.customers.get('2')?.days.length).toBe(3);
    expect(got.nonPositive).toBe(0);
  });

  it('names a missing column and the line of a bad cell', () => {
    expect(() => loadPurchases(csv, { id: 'customer', date: 'when' })).toThrow(/no column "customer"/);
    expect(() => loadPurchases('id,d\n1,1997-01-01\n2,soon\n', { id: 'id', date: 'd' })).toThrow(
      PurchaseCsvError,
    );
    expect(() => loadPurchases('id,d\n1,1997-01-01\n2,soon\n', { id: 'id', date: 'd' })).toThrow(/line 3/);
    expect(() => loadPurchases('id,d,a\n1,1997-01-01,abc\n', { id: 'id', date: 'd', amount: 'a' })).toThrow(
      /amount/,
    );
  });

  it('keeps days sorted and distinct for any order of rows (property)', () => {
    const rows = fc.array(
      fc.tuple(
        fc.constantFrom('a', 'b', 'c'),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: -3, max: 50 }),
      ),
      {
        maxLength: 60,
      },
    );
    fc.assert(
      fc.property(rows, (rs) => {
        const text = ['id,date,amt', ...rs.map(([id, d, a]) => `${id},${formatDay(10000 + d)},${a}`)].join(
          '\n',
        );
        const got = loadPurchases(text, { id: 'id', date: 'date', amount: 'amt' });
        for (const [id, h] of got.customers) {
          const want = [...new Set(rs.filter((r) => r[0] === id && r[2] > 0).map((r) => 10000 + r[1]))].sort(
            (x, y) => x - y,
          );
          expect(h.days).toEqual(want);
          h.days.forEach((d, i) => {
            const sum = rs
              .filter((r) => r[0] === id && r[2] > 0 && 10000 + r[1] === d)
              .reduce((s, r) => s + r[2], 0);
            expect(h.amounts[i]).toBe(sum);
          });
        }
        expect(got.nonPositive).toBe(rs.filter((r) => r[2] <= 0).length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseAmount', () => {
  const withThousands = (int: number) => int.toLocaleString('en-US');

  it('reads a number written as exports write it: plain, grouped, with a currency sign, accounting negative (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 }), (int, cents) => {
        const v = int + cents / 100;
        const dec = `${int}.${pad(cents)}`;
        const grouped = `${withThousands(int)}.${pad(cents)}`;
        for (const cell of [dec, ` ${dec} `, grouped, `$${grouped}`, `£${dec}`, `¥ ${grouped}`, `RMB ${dec}`])
          expect(parseAmount(cell)).toBeCloseTo(v, 6);
        for (const cell of [`-${dec}`, `(${grouped})`, `-$${grouped}`, `$-${dec}`])
          expect(parseAmount(cell)).toBeCloseTo(-v, 6);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what it would have to guess: a decimal comma, misplaced groups, text', () => {
    for (const bad of ['12,5', '1,23', '12,34,567', '1.234,50', 'abc', '', '$', '--5', '5-', '1 234'])
      expect(parseAmount(bad)).toBeNull();
  });
});

describe('loadPurchases on a retail export', () => {
  it('reads a BOM header with spaces, quoted cells with commas and doubled quotes, CRLF, empty ids (counted)', () => {
    const text = formatCsv([
      ['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country'],
      ['489434', '85048', '15CM CHRISTMAS GLASS BALL 20 LIGHTS', '12', '12/1/2009 7:45', '6.95', '13085', 'United Kingdom'],
      ['489434', '79323P', 'PINK CHERRY LIGHTS, "SMALL"', '12', '12/1/2009 7:45', '1,006.75', '13085', 'United Kingdom'],
      ['489435', '22350', 'CAT BOWL', '12', '12/1/2009 7:46', '2.10', '', 'United Kingdom'],
      ['C489449', '22087', 'PAPER BUNTING', '-12', '12/1/2009 10:33', '-2.95', '16321', 'Australia'],
      ['489436', '21755', 'LOVE BUILDING BLOCK WORD', '18', '2009-12-02 09:06:00', '5.45', '13078', 'United Kingdom'],
    ]);
    const got = loadPurchases('\ufeff' + text, { id: 'customer id', date: 'InvoiceDate', amount: 'Price' });
    expect(got.rows).toBe(5);
    expect(got.emptyId).toBe(1);
    expect(got.nonPositive).toBe(1);
    expect(got.unreadable).toBe(0);
    expect(got.customers.get('13085')).toEqual({ days: [parsePurchaseDay('2009-12-01')], amounts: [6.95 + 1006.75] });
    expect(got.customers.has('16321')).toBe(false);
    expect(got.customers.get('13078')?.days).toEqual([parsePurchaseDay('2009-12-02')]);
  });

  it('skips and counts a few unreadable rows, and refuses a file where more than 1% are', () => {
    const good = Array.from({ length: 300 }, (_, i) => `c${i % 7},2010-01-${pad((i % 28) + 1)},${i + 1}`);
    const ok = loadPurchases(['id,d,a', ...good, 'c1,2010-02-30,5', 'c2,2010-01-01,n/a'].join('\r\n'), {
      id: 'id',
      date: 'd',
      amount: 'a',
    });
    expect(ok.rows).toBe(302);
    expect(ok.unreadable).toBe(2);
    expect(ok.unreadableExamples.map((e) => e.line)).toEqual([302, 303]);
    const bad = ['id,d,a', ...good, ...Array.from({ length: 4 }, () => 'c1,30/01/2010,5')].join('\n');
    expect(MAX_UNREADABLE_SHARE * 304).toBeLessThan(4);
    expect(() => loadPurchases(bad, { id: 'id', date: 'd', amount: 'a' })).toThrow(/4 of 304 rows.*line 302/);
  });

  it('matches a direct count for any export of order lines (property)', () => {
    const line = fc.record({
      id: fc.constantFrom('', '17850', ' 17850 ', 'A,1', 'B"2'),
      day: fc.integer({ min: 0, max: 400 }),
      hour: fc.integer({ min: 0, max: 23 }),
      fmt: fc.constantFrom('iso', 'iso-time', 'us', 'us-time'),
      cents: fc.integer({ min: -500, max: 200_000 }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 80 }), (ls) => {
        const date = (day: number, hour: number, fmt: string) => {
          const [y, m, d] = formatDay(14_000 + day).split('-').map(Number);
          if (fmt === 'iso') return `${y}-${pad(m)}-${pad(d)}`;
          if (fmt === 'iso-time') return `${y}-${pad(m)}-${pad(d)} ${pad(hour)}:05:09`;
          if (fmt === 'us') return `${m}/${d}/${y}`;
          return `${m}/${d}/${y} ${hour}:07`;
        };
        const money = (c: number) => (c < 0 ? '-' : '') + (Math.abs(c) / 100).toLocaleString('en-US');
        const text = formatCsv([
          ['Customer ID', 'InvoiceDate', 'Amount'],
          ...ls.map((l) => [l.id, date(l.day, l.hour, l.fmt), money(l.cents)]),
        ]);
        const got = loadPurchases(text, { id: 'Customer ID', date: 'InvoiceDate', amount: 'Amount' });
        expect(got.rows).toBe(ls.length);
        expect(got.emptyId).toBe(ls.filter((l) => l.id.trim() === '').length);
        const kept = ls.filter((l) => l.id.trim() !== '');
        expect(got.nonPositive).toBe(kept.filter((l) => l.cents <= 0).length);
        const want = new Map<string, Map<number, number>>();
        for (const l of kept.filter((k) => k.cents > 0)) {
          const m = want.get(l.id.trim()) ?? new Map<number, number>();
          m.set(14_000 + l.day, (m.get(14_000 + l.day) ?? 0) + l.cents);
          want.set(l.id.trim(), m);
        }
        expect([...got.customers.keys()].sort()).toEqual([...want.keys()].sort());
        for (const [id, m] of want) {
          const h = got.customers.get(id)!;
          expect(h.days).toEqual([...m.keys()].sort((a, b) => a - b));
          h.days.forEach((d, i) => expect(h.amounts[i] * 100).toBeCloseTo(m.get(d)!, 4));
        }
      }),
      { numRuns: 200 },
    );
  });
});
