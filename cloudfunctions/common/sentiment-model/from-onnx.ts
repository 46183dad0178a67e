/** Reads an exported sentiment ONNX file back into a {@link SentimentEnsemble} (parity tests, inspection). */
import { decodeModel, readFloatTensor } from '../onnx';
import type { SentimentEnsemble } from './ensemble';

/** Extracts W [V,K] and b [K] from the graph's initializers. */
export function ensembleFromOnnx(bytes: Uint8Array): SentimentEnsemble {
  const g = decodeModel(bytes).graph;
  const W = g?.initializer?.find((t) => t.name === 'W');
  const b = g?.initializer?.find((t) => t.name === 'b');
  if (!W || !b) throw new Error('not a sentiment ensemble graph (no W/b initializers)');
  const [V, K] = (W.dims ?? []).map(Number);
  const w = readFloatTensor(W);
  const bias = readFloatTensor(b);
  const members = Array.from({ length: K }, (_, k) => {
    const weight = new Float32Array(V);
    for (let j = 0; j < V; j++) weight[j] = w[j * K + k];
    return { name: `m${k}`, weight, bias: bias[k] };
  });
  return { buckets: V, members };
}
