/**
 * Feature rows of the refit as job artifacts: one chunk per read step, float32 model inputs
 * (computeFeatures output, spec order) followed by one byte per row (1 = held back for the guard).
 * float32 is what the ONNX graph sees anyway; the fit is deterministic on the stored bytes.
 */

/** Rows of one chunk. */
export interface FeatureChunk {
  width: number;
  rows: Float32Array;
  heldOut: Uint8Array;
}

/** Chunk → bytes. */
export function encodeChunk(c: FeatureChunk): Buffer {
  const n = c.heldOut.length;
  if (c.rows.length !== n * c.width) throw new Error(`chunk has ${c.rows.length} values for ${n} rows of ${c.width}`);
  const out = Buffer.alloc(n * c.width * 4 + n);
  Buffer.from(c.rows.buffer, c.rows.byteOffset, c.rows.byteLength).copy(out, 0);
  Buffer.from(c.heldOut.buffer, c.heldOut.byteOffset, n).copy(out, n * c.width * 4);
  return out;
}

/** Bytes → chunk (throws on a length that cannot be `width`-wide rows: a truncated artifact). */
export function decodeChunk(b: Buffer, width: number): FeatureChunk {
  const per = width * 4 + 1;
  if (b.length % per !== 0) throw new Error(`feature chunk of ${b.length} bytes is not a whole number of ${width}-feature rows`);
  const n = b.length / per;
  const rows = new Float32Array(n * width);
  Buffer.from(rows.buffer).set(b.subarray(0, n * width * 4));
  return { width, rows, heldOut: Uint8Array.from(b.subarray(n * width * 4)) };
}
