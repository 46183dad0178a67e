import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Doc } from './ejson';
import { DbEngine } from './engine';
import { ResultOrder, resultOrderMode } from '../../../cloudfunctions/common/db/result-order';
import { compareValues, sortPage } from './sort';

const ids = (docs: Doc[]) => docs.map((d) => d._id);

describe('ResultOrder', () => {
  it('is strict by default, natural on request, and refuses anything else', () => {
    expect(resultOrderMode({})).toBe(process.env.QX_RESULT_ORDER || 'shuffled');
    expect(resultOrderMode({ resultOrder: 'natural' })).toBe('natural');
    expect(new ResultOrder({ resultOrder: 'natural' }).query()).toBeNull();
    expect(() => resultOrderMode({ resultOrder: 'sorted' as never })).toThrow(/QX_RESULT_ORDER/);
  });

  it('replays the same per-query draws from the same seed, and different ones per query', () => {
    const a = new ResultOrder({ resultOrder: 'shuffled', resultOrderSeed: 7 });
    const b = new ResultOrder({ resultOrder: 'shuffled', resultOrderSeed: 7 });
    const draws = (o: ResultOrder) => {
      const t = o.query()!;
      return [t(), t(), t()];
    };
    const first = draws(a);
    expect(draws(b)).toEqual(first);
    expect(draws(a)).not.toEqual(first);
  });
});

describe('sortPage with per-query tie draws', () => {
  const docs = Array.from({ length: 60 }, (_, i) => ({ _id: `d${String(i).padStart(2, '0')}`, ts: i % 2 }));

  it('keeps the sort, permutes ties differently between two queries', () => {
    const o = new ResultOrder({ resultOrder: 'shuffled', resultOrderSeed: 1 });
    const p1 = sortPage(docs, { ts: -1 }, 0, 60, o.query());
    const p2 = sortPage(docs, { ts: -1 }, 0, 60, o.query());
    for (const p of [p1, p2]) {
      expect(p.map((d) => d.ts)).toEqual([...docs.map((d) => d.ts)].sort((x, y) => y - x));
      expect(new Set(ids(p)).size).toBe(60);
    }
    expect(ids(p1)).not.toEqual(ids(p2));
    // Natural order (debugging) keeps ties in input order.
    expect(ids(sortPage(docs, { ts: -1 }, 0, 60, null)).slice(0, 3)).toEqual(['d01', 'd03', 'd05']);
  });

  it('skip paging over a non-unique sort can repeat and miss documents; with _id it cannot', () => {
    const o = new ResultOrder({ resultOrder: 'shuffled', resultOrderSeed: 2 });
    const read = (spec: Record<string, 1 | -1>) => [0, 20, 40].flatMap((s) => ids(sortPage(docs, spec, s, 20, o.query())));
    expect(new Set(read({ ts: -1 })).size).toBeLessThan(60);
    expect(new Set(read({ ts: -1, _id: -1 })).size).toBe(60);
  });

  it('a bounded page is the slice of the full sort with the same draws; every page is sorted (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: fc.integer({ min: 0, max: 3 }), b: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constant(null)) }), {
          maxLength: 150,
        }),
        fc.nat(30),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        (rows, skip, limit, seed) => {
          const all = rows.map((r, i) => ({ _id: i, ...r }));
          const full = sortPage(all, { a: -1, b: 1 }, 0, all.length, new ResultOrder({ resultOrder: 'shuffled', resultOrderSeed: seed }).query());
          const page = sortPage(all, { a: -1, b: 1 }, skip, limit, new ResultOrder({ resultOrder: 'shuffled', resultOrderSeed: seed }).query());
          expect(page).toEqual(full.slice(skip, skip + limit));
          expect(new Set(ids(full)).size).toBe(all.length);
          const f = full as Array<{ a: number; b: unknown }>;
          for (let i = 1; i < f.length; i++) expect(-(f[i - 1].a - f[i].a) || compareValues(f[i - 1].b, f[i].b)).toBeLessThanOrEqual(0);
        },
      ),
    );
  });
});

describe('the engine in strict order', () => {
  let dir: string;
  let engine: DbEngine;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-order-'));
    engine = DbEngine.open(dir, { resultOrder: 'shuffled', resultOrderSeed: 3 });
    await engine.addCollection('c');
    await engine.insert('c', Array.from({ length: 50 }, (_, i) => ({ _id: `k${String(i).padStart(2, '0')}`, ts: 5, g: i % 5 })));
  });
  afterEach(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers an unordered query in an order other than insertion, different per query', () => {
    const a = ids(engine.find('c', { ts: 5 }));
    const b = ids(engine.find('c', {}));
    expect([...a].sort()).toEqual(ids(engine.find('c', {}, { natural: true })));
    expect(a).not.toEqual([...a].sort());
    expect(a).not.toEqual(b);
    // A limit without a sort takes an arbitrary subset, not the first inserted.
    expect(ids(engine.find('c', {}, { limit: 10 }))).not.toEqual([...a].sort().slice(0, 10));
  });

  it('answers a sort with a unique tie-breaker the same way every time', () => {
    const q = () => ids(engine.find('c', {}, { sort: { ts: -1, _id: 1 } }));
    expect(q()).toEqual(q());
    expect(q()).toEqual([...q()].sort());
  });

  it('shuffles an aggregation source without a leading sort, and the ties of a leading sort', () => {
    const groups = () => engine.aggregate('c', [{ $group: { _id: '$g' } }]).map((d) => d._id);
    const orders = new Set(Array.from({ length: 6 }, () => groups().join()));
    expect(orders.size).toBeGreaterThan(1);
    const sorted = () => ids(engine.aggregate('c', [{ $sort: { ts: 1 } }, { $limit: 50 }]));
    expect(sorted()).not.toEqual(sorted());
    expect(ids(engine.aggregate('c', [{ $sort: { ts: 1 } }], true))).toEqual([...sorted()].sort());
  });
});
