import { resampleTaobao } from './resample';
import type { TaobaoRow } from './sources';

const real: TaobaoRow[] = [];
for (let u = 0; u < 20; u++) {
  for (let i = 0; i < (u % 5) + 1; i++) {
    real.push({
      userId: String(u),
      itemId: `${u}${i}`,
      categoryId: String(u % 3),
      behavior: i === 0 ? 'pv' : i % 2 ? 'cart' : 'buy',
      ts: 1511544070 + i * 3600,
    });
  }
}

describe('resampleTaobao', () => {
  it('is seeded and hits the target exactly', () => {
    const a = resampleTaobao(real, 500, { seed: 1 });
    expect(a).toHaveLength(500);
    expect(resampleTaobao(real, 500, { seed: 1 })).toEqual(a);
    expect(resampleTaobao(real, 500, { seed: 2 })).not.toEqual(a);
  });

  it('copies whole real histories: behaviour mix and hour of day are preserved', () => {
    const a = resampleTaobao(real, 5000, { seed: 3 });
    const share = (rows: TaobaoRow[], b: string) => rows.filter((r) => r.behavior === b).length / rows.length;
    expect(Math.abs(share(a, 'pv') - share(real, 'pv'))).toBeLessThan(0.05);
    const hours = (rows: TaobaoRow[]) => new Set(rows.map((r) => Math.floor((r.ts % 86400) / 3600)));
    expect([...hours(a)].every((h) => hours(real).has(h))).toBe(true);
    expect(new Set(a.map((r) => r.userId)).size).toBeGreaterThan(100);
  });
});
