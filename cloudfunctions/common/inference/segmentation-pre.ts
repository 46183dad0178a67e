/** Pure pre-processing for the segmentation graph: model-input rows → float32 [n, F] tensors of at most `batch` rows. */
import type { TensorData } from './backend';

/** A row has the wrong number of features (the caller computed features for another spec). */
export class SegmentationInputError extends RangeError {
  override name = 'SegmentationInputError';
}

/** Pack `rows` (each F values, spec order) into tensors of ≤ `batch` rows, in order. */
export function packFeatureBatches(rows: ArrayLike<number>[], F: number, batch: number): TensorData[] {
  const out: TensorData[] = [];
  for (let s = 0; s < rows.length; s += batch) {
    const n = Math.min(batch, rows.length - s);
    const x = new Float32Array(n * F);
    for (let i = 0; i < n; i++) {
      const r = rows[s + i];
      if (r.length !== F)
        throw new SegmentationInputError(`feature row ${s + i} has ${r.length} values, the model needs ${F}`);
      for (let j = 0; j < F; j++) x[i * F + j] = r[j];
    }
    out.push({ type: 'float32', data: x, dims: [n, F] });
  }
  return out;
}
