/**
 * A small dense autoencoder (e.g. 18→16→4→16→18) trained with Adam on mean squared error.
 * Hidden layers use ReLU; the bottleneck and the output are linear. Weights are stored as
 * [in, out] row-major so the encoder maps directly onto ONNX Gemm (transB = 0).
 */
import { gaussian, mulberry32, permutation } from '../random';
import { Matrix, zeros } from './matrix';

/** One dense layer. */
export interface Dense {
  inDim: number;
  outDim: number;
  /** [inDim, outDim] row-major */
  w: Float64Array;
  b: Float64Array;
  relu: boolean;
}

/** Training options. */
export interface AeOptions {
  dims: number[];
  epochs: number;
  batch: number;
  lr: number;
  seed: number;
  onEpoch?: (epoch: number, loss: number) => void;
}

/** Index of the bottleneck (smallest) layer output. */
const bottleneck = (dims: number[]) => dims.indexOf(Math.min(...dims.slice(1, -1)));

/** Fresh He-initialised layers for `dims`. */
export function initLayers(dims: number[], seed: number): Dense[] {
  const rng = mulberry32(seed);
  const bn = bottleneck(dims);
  return dims.slice(1).map((outDim, l) => {
    const inDim = dims[l];
    const w = new Float64Array(inDim * outDim).map(() => gaussian(rng) * Math.sqrt(2 / inDim));
    return { inDim, outDim, w, b: new Float64Array(outDim), relu: l + 1 !== bn && l + 1 !== dims.length - 1 };
  });
}

/** Apply one layer to a batch. */
export function denseForward(x: Matrix, L: Dense): Matrix {
  const out = zeros(x.n, L.outDim);
  for (let i = 0; i < x.n; i++) {
    const o = i * L.outDim;
    out.data.set(L.b, o);
    for (let k = 0; k < L.inDim; k++) {
      const v = x.data[i * L.inDim + k];
      if (v === 0) continue;
      const wk = k * L.outDim;
      for (let j = 0; j < L.outDim; j++) out.data[o + j] += v * L.w[wk + j];
    }
    if (L.relu) for (let j = 0; j < L.outDim; j++) if (out.data[o + j] < 0) out.data[o + j] = 0;
  }
  return out;
}

/** Run layers in order, returning every activation (input first). */
function forwardAll(x: Matrix, layers: Dense[]): Matrix[] {
  const acts = [x];
  for (const L of layers) acts.push(denseForward(acts[acts.length - 1], L));
  return acts;
}

/** The encoder half of a trained autoencoder. */
export function encoderOf(layers: Dense[]): Dense[] {
  const dims = [layers[0].inDim, ...layers.map((l) => l.outDim)];
  return layers.slice(0, bottleneck(dims));
}

/** Encode rows with the encoder layers. */
export const encode = (x: Matrix, encoder: Dense[]): Matrix => encoder.reduce(denseForward, x);

/** Mean squared reconstruction error of `x`. */
export function reconstructionMse(x: Matrix, layers: Dense[]): number {
  const out = forwardAll(x, layers).pop() as Matrix;
  let s = 0;
  for (let i = 0; i < x.data.length; i++) s += (out.data[i] - x.data[i]) ** 2;
  return s / x.data.length;
}

/** Train an autoencoder on standardised rows; returns all layers. */
export function trainAutoencoder(x: Matrix, o: AeOptions): Dense[] {
  const layers = initLayers(o.dims, o.seed);
  const params = layers.flatMap((L) => [L.w, L.b]);
  const m1 = params.map((p) => new Float64Array(p.length));
  const m2 = params.map((p) => new Float64Array(p.length));
  const rng = mulberry32(o.seed + 1);
  let step = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = permutation(x.n, rng);
    const lr = o.lr * (0.5 + 0.5 * Math.cos((Math.PI * epoch) / o.epochs));
    let lossSum = 0;
    for (let s = 0; s < x.n; s += o.batch) {
      const idx = order.subarray(s, Math.min(x.n, s + o.batch));
      const xb = zeros(idx.length, x.d);
      for (let k = 0; k < idx.length; k++) xb.data.set(x.data.subarray(idx[k] * x.d, (idx[k] + 1) * x.d), k * x.d);
      const acts = forwardAll(xb, layers);
      const out = acts[acts.length - 1];
      let g = zeros(xb.n, x.d);
      const scale = 2 / xb.data.length;
      for (let i = 0; i < xb.data.length; i++) {
        const e = out.data[i] - xb.data[i];
        lossSum += e * e;
        g.data[i] = scale * e;
      }
      const grads: Float64Array[] = [];
      for (let l = layers.length - 1; l >= 0; l--) {
        const L = layers[l];
        const a = acts[l];
        const z = acts[l + 1];
        if (L.relu) for (let i = 0; i < g.data.length; i++) if (z.data[i] <= 0) g.data[i] = 0;
        const gw = new Float64Array(L.w.length);
        const gb = new Float64Array(L.outDim);
        const gPrev = zeros(g.n, L.inDim);
        for (let i = 0; i < g.n; i++) {
          for (let j = 0; j < L.outDim; j++) gb[j] += g.data[i * L.outDim + j];
          for (let k = 0; k < L.inDim; k++) {
            const av = a.data[i * L.inDim + k];
            let acc = 0;
            for (let j = 0; j < L.outDim; j++) {
              const gv = g.data[i * L.outDim + j];
              gw[k * L.outDim + j] += av * gv;
              acc += gv * L.w[k * L.outDim + j];
            }
            gPrev.data[i * L.inDim + k] = acc;
          }
        }
        grads.unshift(gw, gb);
        g = gPrev;
      }
      step++;
      const c1 = 1 - 0.9 ** step;
      const c2 = 1 - 0.999 ** step;
      params.forEach((p, q) => {
        const gq = grads[q];
        for (let i = 0; i < p.length; i++) {
          m1[q][i] = 0.9 * m1[q][i] + 0.1 * gq[i];
          m2[q][i] = 0.999 * m2[q][i] + 0.001 * gq[i] * gq[i];
          p[i] -= (lr * (m1[q][i] / c1)) / (Math.sqrt(m2[q][i] / c2) + 1e-8);
        }
      });
    }
    o.onEpoch?.(epoch + 1, lossSum / x.data.length);
  }
  return layers;
}
