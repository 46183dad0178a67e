import fc from 'fast-check';
import { formatDay, parsePurchaseDay, PurchaseDateError } from './purchase-dates';
import { loadPurchases, PurchaseCsvError } from './purchases-csv';

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
