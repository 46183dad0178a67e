import { gammaShapeFromS, SIGNAL_FAMILIES, signalRow, weekdayOf } from './signal-families';

const fam = (name: string) => {
  const f = SIGNAL_FAMILIES.find((x) => x.name === name);
  if (!f) throw new Error(name);
  return f;
};
// Days 100 (Sat 1970-04-11), 110 (Tue 04-21), 130 (Mon 05-11), 131 (Tue 05-12); cut 140.
const h = { days: [100, 110, 130, 131], amounts: [10, 20, 30, 40] };
const ctx = { cut: 140, cohortStart: 90 };
const row = (name: string, hist = h) => signalRow(hist, ctx, [fam(name)]);

describe('candidate signal families (by hand)', () => {
  it('every family returns one value per column', () => {
    for (const f of SIGNAL_FAMILIES) expect(f.compute(h, ctx)).toHaveLength(f.columns.length);
  });

  it('gaps: last, previous, ratio to mean, Wheat–Morrison M, overdue quantile, since ÷ longest', () => {
    // gaps 10, 20, 1; 9 days since the last purchase
    const r = row('gaps');
    expect(r.slice(0, 2)).toEqual([1, 20]);
    expect(r[2]).toBeCloseTo(3 / 31, 12);
    expect(r[3]).toBeCloseTo(1 / 21, 12);
    expect(r[4]).toBeCloseTo(1 / 3, 12);
    expect(r[5]).toBeCloseTo(9 / 20, 12);
  });

  it('early engagement and acquisition', () => {
    expect(row('early')).toEqual([2, 3, 3, 10]);
    const a = row('acquisition');
    expect(a[0]).toBeCloseTo(Math.log1p(10), 12);
    expect(a[1]).toBeCloseTo(10 / 30, 12);
    expect(a[2]).toBe(10);
  });

  it('trend: halves of tenure, of gaps and of spend', () => {
    const r = row('trend');
    expect(r[0]).toBe(0); // 2 of 4 days after the tenure's midpoint (120)
    expect(r[1]).toBeCloseTo(1 / 10, 12);
    expect(r[2]).toBeCloseTo(Math.log1p(35) - Math.log1p(15), 12);
    expect(r[3]).toBeCloseTo(Math.log1p(40) - Math.log1p(10), 12);
  });

  it('weekly indicators and the weekly sequence count back from the cut', () => {
    expect(row('weekly')).toEqual([0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]); // weeks (133,140], (126,133], …
    const s = row('sequence');
    expect(s.slice(0, 7)).toEqual([0, 2, 0, 0, 1, 1, 0]);
    expect(s.reduce((x, y) => x + y, 0)).toBe(4);
  });

  it('calendar: weekday 0 is Sunday, month-day shares', () => {
    expect(weekdayOf(3)).toBe(0); // 1970-01-04 was a Sunday
    const r = row('calendar');
    expect(r).toEqual([1 / 4, 0, 1 / 4, 6, 1 / 2]);
  });

  it('amounts and Pareto/GGG regularity', () => {
    const a = row('amounts');
    expect(a[0]).toBeCloseTo(Math.sqrt(125) / 25, 12);
    expect(a.slice(1)).toEqual([Math.log1p(40), Math.log1p(10), Math.log1p(25)]);
    const p = row('pggg');
    const ml = (Math.log(10) + Math.log(20) + Math.log(1)) / 3;
    expect(p[0]).toBeCloseTo(ml, 12);
    expect(p[1]).toBeCloseTo(Math.log(31 / 3) - ml, 12);
    expect(p[2]).toBeCloseTo(gammaShapeFromS(Math.log(31 / 3) - ml), 12);
    // exponential gaps (k = 1) have s = −digamma(1) = Euler's γ; Minka's approximation is within 1.5 %
    expect(gammaShapeFromS(0.5772156649)).toBeCloseTo(1, 1);
    expect(gammaShapeFromS(0)).toBeNaN();
  });

  it('undefined values are NaN for a one-day customer', () => {
    const one = { days: [100], amounts: [10] };
    expect(row('gaps', one).every(Number.isNaN)).toBe(true);
    expect(row('pggg', one).every(Number.isNaN)).toBe(true);
    expect(row('early', one)).toEqual([0, 0, 0, NaN]);
  });

  it('nothing after the cut-off leaks into any family', () => {
    const later = { days: [...h.days, 141, 200], amounts: [...h.amounts, 999, 5] };
    expect(signalRow(later, ctx, SIGNAL_FAMILIES)).toEqual(signalRow(h, ctx, SIGNAL_FAMILIES));
  });
});
