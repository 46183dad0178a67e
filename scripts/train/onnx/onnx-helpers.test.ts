/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import * as ort from 'onnxruntime-node';
import {
  GraphBuilder,
  DataType,
  decodeModel,
  floatTensor,
  int64Tensor,
  readFloatTensor,
  attribute,
  floatAttr,
} from './index';

/** ids [B,L] → Gather(W) [B,L,D] → ReduceSum(axis 1) → Add(b) → Sigmoid; also a Gemm output. */
function tinyModel(): Uint8Array {
  const g = new GraphBuilder('tiny');
  const ids = g.input('ids', DataType.INT64, ['batch', 'len']);
  const x = g.input('x', DataType.FLOAT, ['batch', 2]);
  const W = g.floats('W', [4, 1], [0.5, -1, 2, 0.25]);
  const b = g.floats('b', [1], [0.1]);
  const emb = g.op('Gather', [W, ids], { axis: 0 });
  const sum = g.op('ReduceSum', [emb, g.int64s('axes', [1], [1])], { keepdims: 0 });
  const logit = g.op('Add', [sum, b]);
  g.op('Sigmoid', [logit], {}, 'prob');
  g.output('prob', DataType.FLOAT, ['batch', 1]);
  const M = g.floats('M', [2, 3], [1, 2, 3, 4, 5, 6]);
  g.op('Gemm', [x, M], { alpha: floatAttr(2) }, 'y');
  g.output('y', DataType.FLOAT, ['batch', 3]);
  return g.encode({ producer: 'test', metadata: { k: 'v' } });
}

describe('onnx helpers', () => {
  it('a tiny graph runs in onnxruntime-node and matches hand arithmetic', async () => {
    const bytes = tinyModel();
    const s = await ort.InferenceSession.create(bytes);
    const ids = new ort.Tensor('int64', BigInt64Array.from([0n, 2n, 1n, 3n, 3n, 3n]), [2, 3]);
    const x = new ort.Tensor('float32', Float32Array.from([1, 0, 0.5, 1]), [2, 2]);
    const out = await s.run({ ids, x });
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    const prob = out.prob.data as Float32Array;
    expect(prob[0]).toBeCloseTo(sig(0.5 + 2 - 1 + 0.1), 6);
    expect(prob[1]).toBeCloseTo(sig(0.75 + 0.1), 6);
    expect(Array.from(out.y.data as Float32Array)).toEqual([2, 4, 6, 9, 12, 15]);
  });

  it('emits IR 8 / opset 17 with raw-data initializers and metadata', () => {
    const m = decodeModel(tinyModel());
    expect(Number(m.irVersion)).toBe(8);
    expect(Number(m.opsetImport[0].version)).toBe(17);
    const W = m.graph!.initializer!.find((t) => t.name === 'W')!;
    expect(W.floatData).toHaveLength(0);
    expect(Array.from(readFloatTensor(W))).toEqual([0.5, -1, 2, 0.25]);
    expect(m.metadataProps[0]).toMatchObject({ key: 'k', value: 'v' });
  });

  it('rejects a shape/value mismatch, unsafe int64 and duplicate names', () => {
    expect(() => floatTensor('a', [2, 2], [1, 2, 3])).toThrow(/need 4 values/);
    expect(() => int64Tensor('a', [1], [2 ** 60])).toThrow(/safe integer/);
    const g = new GraphBuilder('dup');
    g.floats('w', [1], [1]);
    expect(() => g.floats('w', [1], [2])).toThrow(/already used/);
  });

  it('types attributes: integral → INT, fractional → FLOAT, arrays → INTS/FLOATS', () => {
    expect(attribute('a', 1).type).toBe(2);
    expect(attribute('a', 1.5).type).toBe(1);
    expect(attribute('a', floatAttr(1)).type).toBe(1);
    expect(attribute('a', [1, 2]).type).toBe(7);
    expect(attribute('a', [1.5, 2]).type).toBe(6);
    expect(attribute('a', 'x').type).toBe(3);
  });
});
