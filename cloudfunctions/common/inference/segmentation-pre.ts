/** Pure pre-processing for the segmentation graph: model-input rows → one float32 [n, F] matrix. */

/** A row has the wrong number of features (the caller computed features for another spec). */
export class SegmentationInputError extends RangeError {
  override name = 'SegmentationInputError';
}

/** Pack `rows` (each F values, spec order) row-major into one float32 matrix. */
export function packFeatureRows(rows: ArrayLike<number>[], F: number): Float32Array {
  const x = new Float32Array(rows.length * F);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.length !== F) throw new SegmentationInputError(`feature row ${i} has ${r.length} values, the model needs ${F}`);
    for (let j = 0; j < F; j++) x[i * F + j] = r[j];
  }
  return x;
}
