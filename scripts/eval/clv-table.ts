/**
 * The calibration table Fader & Hardie show: customers grouped by repeat purchase days in the
 * calibration period (0..7+), mean actual hold-out purchase days against each model's mean.
 */
import { historyUpTo } from '../../cloudfunctions/common/value/history';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';

/** Renders the table as aligned text (a markdown table). */
export function calibrationTable(
  customers: readonly CustomerHistory[],
  calibrationEnd: number,
  actual: readonly number[],
  bgnbd: readonly number[],
  learned: readonly number[],
): string {
  const groups = Array.from({ length: 8 }, () => ({ n: 0, actual: 0, bgnbd: 0, learned: 0 }));
  customers.forEach((c, i) => {
    const x = Math.min(7, historyUpTo(c.purchases, calibrationEnd).days.length - 1);
    const g = groups[x];
    g.n++;
    g.actual += actual[i];
    g.bgnbd += bgnbd[i];
    g.learned += learned[i];
  });
  const lines = [
    '| repeat days in calibration | customers | actual (mean) | BG/NBD (mean) | learned (mean) |',
    '|---|---|---|---|---|',
  ];
  groups.forEach((g, x) => {
    const f = (v: number) => (g.n ? (v / g.n).toFixed(3) : '—');
    lines.push(`| ${x === 7 ? '7+' : x} | ${g.n} | ${f(g.actual)} | ${f(g.bgnbd)} | ${f(g.learned)} |`);
  });
  return lines.join('\n');
}
