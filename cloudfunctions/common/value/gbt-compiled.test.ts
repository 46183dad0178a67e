import { bgnbdExpected } from './bgnbd';
import { customerFeatures, FEATURE_FAMILIES } from './features';
import { fitPoissonGbt, gbtMargin, rng } from './gbt';
import {
  compileGbt,
  compileGbts,
  compiledMargin,
  compiledMargins,
  compiledMarginsOf,
  MAX_PERFECT_DEPTH,
} from './gbt-compiled';
import { rfmAt } from './history';
import { predictLearned, rowsAt, ValueModelMismatchError } from './learned';

describe('compiled trees', () => {
  it('give bit-identical margins to the JSON trees, thresholds included', () => {
    const rand = rng(7);
    const n = 3000;
    const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => Math.floor(rand() * 20)));
    const y = Array.from({ length: n }, (_, i) => (cols[0][i] > 10 ? 2 : 0) + (cols[1][i] % 3 === 0 ? 1 : 0));
    const m = fitPoissonGbt(cols, y, new Array(n).fill(0), { seed: 3, maxDepth: 4 });
    expect(m.trees.length).toBeGreaterThan(5);
    const c = compileGbt(m);
    expect(compileGbt(m)).toBe(c); // cached per model object
    for (let i = 0; i < n; i++) {
      const row = [cols[0][i], cols[1][i], cols[2][i]]; // integers: many rows sit exactly on a threshold
      expect(compiledMargin(c, row)).toBe(gbtMargin(m, row));
    }
    // A model read back from JSON (as the function stores it) scores the same.
    const back = JSON.parse(JSON.stringify(m)) as typeof m;
    expect(compiledMargin(compileGbt(back), [3, 12, 0])).toBe(gbtMargin(m, [3, 12, 0]));
  });
});

describe('a page of rows at once', () => {
  // Integer columns put many rows exactly on a threshold; NaN and ±Infinity must go where
  // `x <= t` sends them; depth 7 is past the perfect layout and takes the node walk.
  it.each([1, 2, 3, 4, MAX_PERFECT_DEPTH + 1])('gives bit-identical margins at depth %i', (maxDepth) => {
    const rand = rng(maxDepth);
    const n = 4000;
    const cols = [0, 1, 2, 3].map((f) =>
      Float64Array.from({ length: n }, () => (f === 3 ? rand() * 10 : Math.floor(rand() * 20))),
    );
    const y = Array.from({ length: n }, (_, i) => (cols[0][i] > 10 ? 2 : 0) + (cols[3][i] > 4 ? 1 : 0));
    const m = fitPoissonGbt(cols, y, new Array(n).fill(0), { seed: 5, maxDepth, minLeafHessian: 2 });
    const c = compileGbt(m);
    expect(compileGbts([m]).perfect[0] === null).toBe(maxDepth > MAX_PERFECT_DEPTH);
    const specials = [NaN, Infinity, -Infinity, -0];
    const rows = new Float64Array(n * 4);
    for (let i = 0; i < n; i++)
      for (let f = 0; f < 4; f++) rows[i * 4 + f] = i % 97 === f ? specials[i % 4] : cols[f][i];
    const out = new Float64Array(n);
    compiledMargins(c, rows, 4, n, out);
    let same = 0;
    for (let i = 0; i < n; i++) if (Object.is(out[i], gbtMargin(m, rows.subarray(i * 4, i * 4 + 4)))) same++;
    expect(same).toBe(n);
  });

  it('scores an ensemble of single leaves and an empty one', () => {
    const leaf = { feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0.3] };
    const m = { trees: [leaf, { ...leaf, value: [-0.1] }], bias: 0.5, learningRate: 0.1, features: 2 };
    const out = new Float64Array(2);
    compiledMargins(compileGbt(m), new Float64Array([1, 2, NaN, 4]), 2, 2, out);
    expect([...out]).toEqual([gbtMargin(m, [1, 2]), gbtMargin(m, [NaN, 4])]);
    compiledMargins(compileGbt({ ...m, trees: [] }), new Float64Array([1, 2]), 2, 1, out);
    expect(out[0]).toBe(0.5);
  });
});

describe('a set of ensembles on the same columns', () => {
  // Two fits on different rows of the same columns have different thresholds: one ranking of a
  // page must serve both. 41 and 31 trees (the depth-3 walk takes trees four at a time, then the
  // rest one by one),
  // a shallower member, and one too deep to pad (it takes the node walk beside the others).
  it.each([
    [3, 3],
    [3, 2],
    [2, 4],
    [3, MAX_PERFECT_DEPTH + 1],
  ])('scores each member bit-identically to gbtMargin (depths %i and %i)', (d1, d2) => {
    const rand = rng(d1 * 10 + d2);
    const n = 3000;
    const fit = (maxDepth: number, maxTrees: number, shift: number) => {
      const cols = [0, 1, 2, 3].map((f) =>
        Float64Array.from({ length: n }, () => (f === 3 ? rand() * 10 : Math.floor(rand() * 20) + shift)),
      );
      const y = Array.from({ length: n }, (_, i) => (cols[0][i] > 10 ? 2 : 0) + (cols[3][i] > 4 ? 1 : 0));
      return fitPoissonGbt(cols, y, new Array(n).fill(0), { seed: 5, maxDepth, maxTrees, minLeafHessian: 2 });
    };
    const a = fit(d1, 41, 0);
    const b = fit(d2, 31, 0.5);
    expect([a.trees.length, b.trees.length]).toEqual([41, 31]);
    const specials = [NaN, Infinity, -Infinity, -0];
    const rows = new Float64Array(n * 4);
    for (let i = 0; i < n; i++)
      for (let f = 0; f < 4; f++)
        rows[i * 4 + f] = i % 89 === f ? specials[i % 4] : Math.floor(rand() * 42) / 2;
    const set = compileGbts([a, b]);
    expect(compileGbts([a, b])).toBe(set); // cached per pair of model objects
    expect(set.perfect.map((p) => p === null)).toEqual([false, d2 > MAX_PERFECT_DEPTH]);
    const outs = [new Float64Array(n), new Float64Array(n)];
    compiledMarginsOf(set, rows, 4, n, outs);
    let same = 0;
    for (let i = 0; i < n; i++) {
      const row = rows.subarray(i * 4, i * 4 + 4);
      if (Object.is(outs[0][i], gbtMargin(a, row)) && Object.is(outs[1][i], gbtMargin(b, row))) same++;
    }
    expect(same).toBe(n);
  });
});

describe('BG/NBD memo in a scoring pass', () => {
  it('leaves every row and offset exactly as computed one customer at a time', () => {
    const p = { r: 0.25, alpha: 4.8, a: 0.72, b: 2.16 };
    const rand = rng(11);
    // Many customers share (x, t_x, T): one-time buyers on the same few days.
    const customers = Array.from({ length: 400 }, () => {
      const first = Math.floor(rand() * 10) * 7;
      const days = [first];
      if (rand() < 0.4) days.push(first + 7 + Math.floor(rand() * 3) * 7);
      return { purchases: { days, amounts: days.map(() => 100) } };
    });
    const at = rowsAt(customers, 200, 90, p, FEATURE_FAMILIES);
    at.index.forEach((ci, k) => {
      const h = customers[ci].purchases;
      const one = customerFeatures(h, { cut: 200, horizonDays: 90, bgnbd: p, families: FEATURE_FAMILIES });
      expect(at.rows[k]).toEqual(one.row);
      expect(at.bgnbd[k]).toBe(bgnbdExpected(p, rfmAt(h, 200), 90 / 7));
    });
  });
});

describe('a stored model with other columns', () => {
  it('is refused rather than scored on the wrong features', () => {
    const model = {
      families: [...FEATURE_FAMILIES],
      featureNames: ['repeat_days'],
      gbt: { trees: [], bias: 0, learningRate: 0.1, features: 1 },
      cutoffs: [],
      trainingHorizonDays: 90,
      trainingRows: 0,
    };
    const c = [{ purchases: { days: [1, 8], amounts: [1, 1] } }];
    expect(() => predictLearned(model, c, 20, 90, { r: 1, alpha: 1, a: 1, b: 1 })).toThrow(
      ValueModelMismatchError,
    );
  });
});
