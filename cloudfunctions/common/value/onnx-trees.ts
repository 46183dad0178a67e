/**
 * The learned part of a value model as an ONNX graph (ai.onnx.ml TreeEnsembleRegressor, opset 3):
 * feature rows and the BG/NBD offsets in, expected purchase days out —
 * `expected = exp(offset + bias + Σ lr·leaf)`, what `predictLearned` computes after the features.
 * Thresholds, leaf values and the bias are stored as double tensors and the rows are fed as
 * doubles, so every branch is taken exactly as the TypeScript trees take it (`x ≤ t` goes to the
 * true branch, NaN to the false one). The operator's output is float32 by the ONNX spec, so the
 * margin carries float32 rounding (relative ~6e-8): the graph agrees with the TypeScript trees to
 * that precision, not bit for bit ({@link VALUE_GRAPH_TOLERANCE}).
 */
import { DataType, GraphBuilder, doubleTensor } from '../onnx';
import type { GbtModel } from './gbt';
import type { LearnedValueModel } from './learned';
import type { VisitorModel } from './visitor';

/** Graph input names: feature rows [n, width] and offsets [n] (float64). */
export const VALUE_GRAPH_INPUTS = ['features', 'offset'] as const;
/** Graph outputs: expected purchase days [n] (float64) and the trees' margin [n, 1] (float32). */
export const VALUE_GRAPH_OUTPUTS = ['expected', 'margin'] as const;
/** Largest |graph − TypeScript| / max(1, |TypeScript|) accepted on a margin (float32 output). */
export const VALUE_GRAPH_TOLERANCE = 1e-6;

/** The TreeEnsembleRegressor attributes of an ensemble (leaf weights = learning rate × value). */
function ensembleAttributes(m: GbtModel) {
  const a = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as string[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
    targetTree: [] as number[],
    targetNode: [] as number[],
    weights: [] as number[],
  };
  m.trees.forEach((t, k) => {
    t.feature.forEach((f, i) => {
      const leaf = f < 0;
      a.treeIds.push(k);
      a.nodeIds.push(i);
      a.featureIds.push(leaf ? 0 : f);
      a.modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      a.values.push(leaf ? 0 : t.threshold[i]);
      a.trueIds.push(leaf ? 0 : t.left[i]);
      a.falseIds.push(leaf ? 0 : t.right[i]);
      if (leaf) {
        a.targetTree.push(k);
        a.targetNode.push(i);
        a.weights.push(m.learningRate * t.value[i]);
      }
    });
  });
  return a;
}

/** Adds one ensemble as a TreeEnsembleRegressor on `input`; returns its float32 margin [n, 1] (named `out`). */
function treeRegressor(g: GraphBuilder, m: GbtModel, input: string, out: string): string {
  const a = ensembleAttributes(m);
  const empty = m.trees.length === 0;
  // An ensemble without trees is just the bias: one tree of one leaf worth 0 keeps the op valid.
  return g.op(
    'TreeEnsembleRegressor',
    [input],
    {
      n_targets: 1,
      aggregate_function: 'SUM',
      post_transform: 'NONE',
      nodes_treeids: empty ? [0] : a.treeIds,
      nodes_nodeids: empty ? [0] : a.nodeIds,
      nodes_featureids: empty ? [0] : a.featureIds,
      nodes_modes: { strings: empty ? ['LEAF'] : a.modes },
      nodes_values_as_tensor: {
        tensor: doubleTensor('', [empty ? 1 : a.values.length], empty ? [0] : a.values),
      },
      nodes_truenodeids: empty ? [0] : a.trueIds,
      nodes_falsenodeids: empty ? [0] : a.falseIds,
      target_ids: empty ? [0] : a.targetTree.map(() => 0),
      target_treeids: empty ? [0] : a.targetTree,
      target_nodeids: empty ? [0] : a.targetNode,
      target_weights_as_tensor: {
        tensor: doubleTensor('', [empty ? 1 : a.weights.length], empty ? [0] : a.weights),
      },
      base_values_as_tensor: { tensor: doubleTensor('', [1], [m.bias]) },
    },
    out,
    'ai.onnx.ml',
  );
}

/** `exp(offset + margin)` in double precision, as output `out` [n]. */
function expOf(g: GraphBuilder, margin: string, offset: string, out: string): void {
  const wide = g.op('Cast', [margin], { to: DataType.DOUBLE });
  const flat = g.op('Reshape', [wide, 'flat_shape']);
  g.op('Exp', [g.op('Add', [flat, offset])], {}, out);
}

/** Graph inputs and outputs of the visitor (first-purchase) trees, when the version has them. */
export const VISITOR_GRAPH_INPUT = 'visitor_features';
export const VISITOR_GRAPH_OUTPUTS = ['visitor_expected', 'visitor_margin'] as const;

/**
 * The log of what multiplies a visitor's exp(margin): the shop's base rate, rescaled from the
 * training horizon to `horizonDays` (predictVisitors' `baseRate · exp(margin) · scale`).
 */
export const visitorLogRate = (v: VisitorModel, horizonDays: number): number =>
  Math.log(v.baseRate * (horizonDays / v.trainingHorizonDays));

/** Graph output of the last-season trees' margin [n, 1] (float32), on the buyers' `features`. */
export const SEASON_GRAPH_OUTPUT = 'season_margin';

/**
 * The ONNX bytes of a value model's trees: the buyers' (learned part: feature rows and BG/NBD
 * offsets in, `expected` and `margin` out); when the version has a last-season set (`season`,
 * season-ensemble.ts), its trees on the same feature rows (`season_margin` out: the geometric mix
 * with the blend is computed in TypeScript, as scoring does); and, when the version's visitor part
 * ranks by trees, the visitors' (`visitor_features` [m, 18] in, `visitor_expected` = base rate at
 * `horizonDays` × exp(margin) and `visitor_margin` out). A visitor part that is the base rate
 * alone has no trees.
 */
export function exportValueGraph(
  model: LearnedValueModel,
  visitor?: { part: VisitorModel; horizonDays: number },
  season?: LearnedValueModel,
): Uint8Array {
  const m = model.gbt;
  const width = model.featureNames.length;
  const g = new GraphBuilder('value_learned');
  g.input('features', DataType.DOUBLE, ['n', width]);
  g.input('offset', DataType.DOUBLE, ['n']);
  g.int64s('flat_shape', [1], [-1]);
  expOf(g, treeRegressor(g, m, 'features', 'margin'), 'offset', 'expected');
  g.output('expected', DataType.DOUBLE, ['n']);
  g.output('margin', DataType.FLOAT, ['n', 1]);
  if (season) {
    treeRegressor(g, season.gbt, 'features', SEASON_GRAPH_OUTPUT);
    g.output(SEASON_GRAPH_OUTPUT, DataType.FLOAT, ['n', 1]);
  }
  const v = visitor?.part.basis === 'trees' ? visitor.part.gbt : undefined;
  if (visitor && v) {
    g.input(VISITOR_GRAPH_INPUT, DataType.DOUBLE, ['m', visitor.part.featureNames.length]);
    const rate = g.doubles('visitor_log_rate', [1], [visitorLogRate(visitor.part, visitor.horizonDays)]);
    expOf(g, treeRegressor(g, v, VISITOR_GRAPH_INPUT, 'visitor_margin'), rate, 'visitor_expected');
    g.output('visitor_expected', DataType.DOUBLE, ['m']);
    g.output('visitor_margin', DataType.FLOAT, ['m', 1]);
  }
  return g.encode({
    opsets: [{ domain: 'ai.onnx.ml', version: 3 }],
    doc: v
      ? 'Qunxiang value model: buyers exp(offset + trees), visitors base rate x exp(trees)'
      : 'Qunxiang value model, learned part: exp(offset + trees)',
    metadata: {
      featureNames: model.featureNames.join(','),
      trees: String(m.trees.length),
      ...(season ? { seasonTrees: String(season.gbt.trees.length) } : {}),
      ...(visitor && v ? { visitorFeatureNames: visitor.part.featureNames.join(','), visitorTrees: String(v.trees.length) } : {}),
    },
  });
}
