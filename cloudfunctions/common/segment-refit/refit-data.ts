/**
 * The refit's rows, loaded back from the read phase's artifacts and split into the training rows
 * (the fit) and the held-back rows (the guard). Kept in memory per run: later steps of the same
 * invocation (and of the next, when the container is warm) do not download and rebuild them.
 */
import { FEATURE_SPEC } from '../features';
import { prepareRows, type Matrix, type Prepared } from '../segment-fit';
import { decodeChunk } from './feature-chunks';

/** Training rows (prepared: standardiser fitted on them) and held-back rows (raw). */
export interface RefitData {
  train: Prepared;
  held: Matrix;
}

let cache: { runId: string; data: RefitData } | null = null;

/** Rows of run `runId` from its `chunks` feature artifacts. */
export async function loadRefitData(runId: string, chunks: number, get: (name: string) => Promise<Buffer>): Promise<RefitData> {
  if (cache?.runId === runId) return cache.data;
  const F = FEATURE_SPEC.features.length;
  const train: Float32Array[] = [];
  const held: Float32Array[] = [];
  for (let c = 0; c < chunks; c++) {
    const chunk = decodeChunk(await get(`features-${String(c).padStart(4, '0')}.bin`), F);
    chunk.heldOut.forEach((h, i) => (h ? held : train).push(chunk.rows.subarray(i * F, (i + 1) * F)));
  }
  const heldM: Matrix = { n: held.length, d: F, data: new Float64Array(held.length * F) };
  held.forEach((r, i) => heldM.data.set(r, i * F));
  const data = { train: prepareRows(train), held: heldM };
  cache = { runId, data };
  return data;
}

/** Forget the cached rows (tests; a run that finished). */
export const forgetRefitData = (): void => {
  cache = null;
};
