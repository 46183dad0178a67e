/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import { loadCdnow } from '../../../scripts/eval/purchases-csv';
import { describeWithSharedData } from '../../../test/helpers/shared-data';
import { decodeModel } from '../onnx';
import { fitPoissonGbt, rng } from '../value/gbt';
import { predictLearned, type CustomerHistory } from '../value/learned';
import { fitValueModel, type ValueModel } from '../value/model';
import { exportValueGraph, VALUE_GRAPH_TOLERANCE } from '../value/onnx-trees';
import { createSession } from '../inference/backend';
import { predictVisitors, visitorMatrix, VISITOR_FEATURE_NAMES, type VisitorModel } from '../value/visitor';
import { checkValueGraph, ValueGraphParityError } from './graph-check';

describeWithSharedData('the value graph on real CDNOW customers', (dir) => {
  let customers: CustomerHistory[];
  let model: ValueModel;
  let end: number;
  beforeAll(() => {
    const all = loadCdnow(dir);
    // Every 8th customer (~2,900): real histories, a fit of a few seconds.
    customers = all.filter((_, i) => i % 8 === 0).map((p) => ({ purchases: p }));
    end = Math.max(...customers.map((c) => c.purchases.days[c.purchases.days.length - 1]));
    model = fitValueModel(customers, { end, horizonDays: 90, seed: 1 });
  }, 120_000);

  it('gives the TypeScript trees margins and expectations on every buyer, in onnxruntime', async () => {
    expect(model.learned.gbt.trees.length).toBeGreaterThan(10);
    const bytes = exportValueGraph(model.learned);
    const parity = await checkValueGraph(bytes, model, customers, end, customers.length);
    expect(parity.rows).toBe(customers.length);
    expect(parity.worstMargin).toBeLessThanOrEqual(VALUE_GRAPH_TOLERANCE);
    expect(parity.worstExpected).toBeLessThan(1e-5);
    // The graph's expectation is predictLearned's (the product's path) to float32 precision.
    const ts = predictLearned(model.learned, customers, end, model.horizonDays, model.bgnbd);
    expect(ts.index.length).toBe(customers.length);
    const onnx = decodeModel(bytes);
    expect(onnx.opsetImport.map((o) => o.domain)).toContain('ai.onnx.ml');
    expect(onnx.graph?.node?.[0]?.opType).toBe('TreeEnsembleRegressor');
  });

  it('is refused when it does not encode the trees that serve', async () => {
    // One leaf of one tree changed, as a stale or corrupted graph would be.
    const wrong = structuredClone(model.learned);
    const t = wrong.gbt.trees[0];
    const leaf = t.feature.findIndex((f) => f < 0);
    t.value[leaf] += 0.5;
    await expect(checkValueGraph(exportValueGraph(wrong), model, customers, end)).rejects.toThrow(
      ValueGraphParityError,
    );
  });
});

describe('value graph edge cases', () => {
  const bgnbd = { r: 0.25, alpha: 4.8, a: 0.72, b: 2.16, logLikelihood: 0, customers: 3, evaluations: 0 };
  const customers = [
    { purchases: { days: [1, 30, 60], amounts: [100, 50, 80] } },
    { purchases: { days: [10], amounts: [20] } },
    { purchases: { days: [5, 6], amounts: [0, 0] } },
  ];

  it('handles an ensemble without trees (the bias alone) and deep trees', async () => {
    const base: ValueModel = {
      end: 100,
      horizonDays: 90,
      bgnbd,
      gammaGamma: null,
      learned: {
        families: ['rfm', 'tenure'],
        featureNames: ['repeat_days', 'recency_days', 'rate_per_30d', 'tenure_days'],
        gbt: { trees: [], bias: 0.25, learningRate: 0.1, features: 4 },
        cutoffs: [],
        trainingHorizonDays: 90,
        trainingRows: 0,
      },
    };
    await expect(
      checkValueGraph(exportValueGraph(base.learned), base, customers, 100),
    ).resolves.toMatchObject({
      rows: 3,
    });
    const rand = rng(4);
    const cols = [0, 1, 2, 3].map(() => Float64Array.from({ length: 500 }, () => Math.floor(rand() * 90)));
    const y = Array.from({ length: 500 }, (_, i) => (cols[1][i] < 30 ? 2 : 0));
    const gbt = fitPoissonGbt(cols, y, new Array(500).fill(0), { maxDepth: 8, minLeafHessian: 1, seed: 2 });
    const deep = { ...base, learned: { ...base.learned, gbt } };
    const parity = await checkValueGraph(exportValueGraph(deep.learned), deep, customers, 100);
    expect(parity.worstMargin).toBeLessThanOrEqual(VALUE_GRAPH_TOLERANCE);
  });
});

describe('the visitor (first-purchase) trees in the graph', () => {
  const bgnbd = { r: 0.25, alpha: 4.8, a: 0.72, b: 2.16, logLikelihood: 0, customers: 3, evaluations: 0 };
  const rand = rng(7);
  // Customers who never bought, seen on a few days before day 100 (views, some carts).
  const visitors: CustomerHistory[] = Array.from({ length: 300 }, () => ({
    purchases: { days: [], amounts: [] },
    behaviour: [0, 1, 2].map((k) => ({
      day: 40 + Math.floor(rand() * 55) + k,
      views: Math.floor(rand() * 8),
      carts: rand() < 0.3 ? 1 + Math.floor(rand() * 3) : 0,
      favourites: rand() < 0.2 ? 1 : 0,
      sessions: 1,
      scoredReviews: 0,
      positiveSum: 0,
    })),
  }));
  const buyers = [{ purchases: { days: [1, 30, 60], amounts: [100, 50, 80] } }];
  const x = visitorMatrix(visitors, 100);
  const cols = VISITOR_FEATURE_NAMES.map((_, f) => Float64Array.from(x.index, (_, k) => x.rows[k * x.width + f]));
  const y = x.index.map((_, k) => (cols[1][k] > 1 ? 1 : 0));
  const gbt = fitPoissonGbt(cols, y, new Array(y.length).fill(Math.log(0.2)), { maxDepth: 4, minLeafHessian: 1, seed: 3 });
  const visitor: VisitorModel = {
    featureNames: [...VISITOR_FEATURE_NAMES],
    baseRate: 0.2,
    trainingHorizonDays: 45,
    cutoffs: [55],
    rows: y.length,
    buyers: y.filter(Boolean).length,
    meanFirstSpend: null,
    basis: 'trees',
    gbt,
  };
  const model: ValueModel = {
    end: 100,
    horizonDays: 90,
    bgnbd,
    gammaGamma: null,
    learned: {
      families: ['rfm'],
      featureNames: ['repeat_days', 'recency_days', 'rate_per_30d'],
      gbt: { trees: [], bias: 0, learningRate: 0.05, features: 3 },
      cutoffs: [],
      trainingHorizonDays: 90,
      trainingRows: 0,
    },
    visitor,
  };
  const graph = (v: VisitorModel) => exportValueGraph(model.learned, { part: v, horizonDays: model.horizonDays });

  it('gives the TypeScript visitor trees margins, and predictVisitors’ expectations, on every visitor', async () => {
    expect(gbt.trees.length).toBeGreaterThan(3);
    const parity = await checkValueGraph(graph(visitor), model, buyers, 100, 2000, visitors);
    expect(parity.visitors).toMatchObject({ rows: 300 });
    expect(parity.visitors!.worstMargin).toBeLessThanOrEqual(VALUE_GRAPH_TOLERANCE);
    // visitor_expected is the base rate at 90 days × exp(margin), as predictVisitors computes it.
    expect(parity.visitors!.worstExpected).toBeLessThan(1e-5);
    const session = await createSession(graph(visitor));
    const out = await session.run({
      features: { type: 'float64', data: new Float64Array(0), dims: [0, 3] },
      offset: { type: 'float64', data: new Float64Array(0), dims: [0] },
      visitor_features: { type: 'float64', data: x.rows, dims: [x.index.length, x.width] },
    });
    const ts = predictVisitors(visitor, visitors, 100, 90).expected;
    const onnx = out.visitor_expected.data as Float64Array;
    ts.forEach((e, k) => expect(Math.abs(onnx[k] - e) / e).toBeLessThan(1e-5));
  });

  it('is refused when a visitor leaf differs, or the graph has no visitor trees at all', async () => {
    const wrong = structuredClone(visitor);
    const t = wrong.gbt!.trees[0];
    t.value[t.feature.findIndex((f) => f < 0)] += 0.5;
    await expect(checkValueGraph(graph(wrong), model, buyers, 100, 2000, visitors)).rejects.toThrow(
      /visitor trees/,
    );
    await expect(
      checkValueGraph(exportValueGraph(model.learned), model, buyers, 100, 2000, visitors),
    ).rejects.toThrow(ValueGraphParityError);
  });

  it('a visitor part that is the base rate alone adds nothing to the graph', () => {
    const base = { ...visitor, basis: 'base_rate' as const, gbt: undefined };
    expect(Buffer.from(exportValueGraph(model.learned, { part: base, horizonDays: 90 }))).toEqual(
      Buffer.from(exportValueGraph(model.learned)),
    );
  });
});

describe('the last-season trees in the graph', () => {
  const bgnbd = { r: 0.25, alpha: 4.8, a: 0.72, b: 2.16, logLikelihood: 0, customers: 3, evaluations: 0 };
  const rand = rng(9);
  const customers: CustomerHistory[] = Array.from({ length: 400 }, () => {
    const days = [Math.floor(rand() * 60)];
    while (days[days.length - 1] < 99 && rand() < 0.7) days.push(days[days.length - 1] + 1 + Math.floor(rand() * 20));
    return { purchases: { days: days.filter((d) => d <= 100), amounts: days.map(() => 100) } };
  });
  const learned = (seed: number) => {
    const cols = [0, 1, 2, 3].map(() => Float64Array.from({ length: 500 }, () => Math.floor(rand() * 90)));
    const y = Array.from({ length: 500 }, (_, i) => (cols[seed % 4][i] < 30 ? 2 : 0));
    return {
      families: ['rfm' as const, 'tenure' as const],
      featureNames: ['repeat_days', 'recency_days', 'rate_per_30d', 'tenure_days'],
      gbt: fitPoissonGbt(cols, y, new Array(500).fill(0), { maxDepth: 3, minLeafHessian: 1, seed }),
      cutoffs: [],
      trainingHorizonDays: 90,
      trainingRows: 500,
    };
  };
  const plain: ValueModel = { end: 100, horizonDays: 90, bgnbd, gammaGamma: null, learned: learned(1) };
  const model: ValueModel = { ...plain, season: { learned: learned(2), weight: 0.5, scale: 1.1 } };
  const graph = (m: ValueModel) => exportValueGraph(m.learned, undefined, m.season?.learned);

  it('gives the TypeScript last-season trees’ margins on the buyers’ rows (parity.season)', async () => {
    expect(model.season!.learned.gbt.trees.length).toBeGreaterThan(3);
    const parity = await checkValueGraph(graph(model), model, customers, 100);
    expect(parity.season).toEqual({ rows: parity.rows, worstMargin: expect.any(Number) });
    expect(parity.rows).toBeGreaterThan(300);
    expect(parity.season!.worstMargin).toBeLessThanOrEqual(VALUE_GRAPH_TOLERANCE);
    // The season output is its own trees, not a copy of the shipped margin.
    const out = await (await createSession(graph(model))).run({
      features: { type: 'float64', data: new Float64Array([3, 10, 1, 50]), dims: [1, 4] },
      offset: { type: 'float64', data: new Float64Array([0]), dims: [1] },
    });
    expect(out.season_margin.data[0]).not.toBeCloseTo(out.margin.data[0] as number, 3);
    // A version without a season set: no season output, no season parity.
    expect(decodeModel(graph(plain)).graph?.output?.map((o) => o.name)).toEqual(['expected', 'margin']);
    expect((await checkValueGraph(graph(plain), plain, customers, 100)).season).toBeUndefined();
  });

  it('is refused when a last-season leaf differs, or the graph has no last-season trees', async () => {
    const wrong = structuredClone(model.season!.learned);
    const t = wrong.gbt.trees[0];
    t.value[t.feature.findIndex((f) => f < 0)] += 0.5;
    await expect(
      checkValueGraph(exportValueGraph(model.learned, undefined, wrong), model, customers, 100),
    ).rejects.toThrow(/last-season trees/);
    await expect(checkValueGraph(graph(plain), model, customers, 100)).rejects.toThrow(ValueGraphParityError);
  });
});
