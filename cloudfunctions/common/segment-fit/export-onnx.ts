/**
 * Builds the ONE segmentation graph: features [N,F] float32 (computeFeatures output: already
 * clipped/log1p per the spec) → fill NaN → clip (guard) → standardise → encoder (Gemm/Relu; skipped for plain k-means) → squared distances to every
 * centroid → ArgMin → stable id. Outputs `segment` int64 [N], `distances` [N,K], `latent` [N,d].
 * Distances are Σ(latent − c)² (not ‖l‖² − 2l·c + ‖c‖²) to avoid cancellation.
 */
import { DataType, GraphBuilder } from '../onnx';
import type { SegmenterParams } from './reference';

/** Serialised model bytes. */
export function exportSegmenter(p: SegmenterParams, meta: { version: string; doc: string }): Uint8Array {
  const t = p.transform;
  const F = t.names.length;
  const K = p.centroids.n;
  const d = p.centroids.d;
  const g = new GraphBuilder('qunxiang_segmentation');
  const x = g.input('features', DataType.FLOAT, ['N', F]);
  const filled = g.op('Where', [g.op('IsNaN', [x]), g.floats('fill', [F], t.fill), x]);
  const clipped = g.op('Min', [g.op('Max', [filled, g.floats('lo', [F], t.lo)]), g.floats('hi', [F], t.hi)]);
  const z = g.op('Div', [g.op('Sub', [clipped, g.floats('mean', [F], t.mean)]), g.floats('std', [F], t.std)], {}, 'z');
  let h = z;
  p.encoder.forEach((L, l) => {
    const last = l === p.encoder.length - 1;
    h = g.op('Gemm', [h, g.floats(`enc${l}_w`, [L.inDim, L.outDim], L.w), g.floats(`enc${l}_b`, [L.outDim], L.b)], {}, last && !L.relu ? 'latent' : undefined);
    if (L.relu) h = g.op('Relu', [h], {}, last ? 'latent' : undefined);
  });
  if (p.encoder.length === 0) g.op('Identity', [z], {}, 'latent');
  const diff = g.op('Sub', [g.op('Unsqueeze', ['latent', g.int64s('axis1', [1], [1])]), g.floats('centroids', [K, d], p.centroids.data)]);
  g.op('ReduceSum', [g.op('Mul', [diff, diff]), g.int64s('axis2', [1], [2])], { keepdims: 0 }, 'distances');
  const nearest = g.op('ArgMin', ['distances'], { axis: 1, keepdims: 0 });
  g.op('Gather', [g.int64s('segment_ids', [K], p.ids), nearest], { axis: 0 }, 'segment');
  g.output('segment', DataType.INT64, ['N']);
  g.output('distances', DataType.FLOAT, ['N', K]);
  g.output('latent', DataType.FLOAT, ['N', d]);
  return g.encode({ producer: 'qunxiang-train-segmentation', doc: meta.doc, metadata: { version: meta.version } });
}
