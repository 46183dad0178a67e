/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import { loadCdnow } from '../../../scripts/eval/purchases-csv';
import { describeWithSharedData } from '../../../test/helpers/shared-data';
import { decodeModel } from '../onnx';
import { fitPoissonGbt, rng } from '../value/gbt';
import { predictLearned, type CustomerHistory } from '../value/learned';
import { fitValueModel, type ValueModel } from '../value/model';
import { exportValueGraph, VALUE_GRAPH_TOLERANCE } from '../value/onnx-trees';
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
