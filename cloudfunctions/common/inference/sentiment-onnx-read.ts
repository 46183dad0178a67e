/**
 * A minimal ONNX (protobuf) reader for the sentiment graph: the op types of its nodes and its
 * float initializers. Just enough wire-format decoding to read the served model.onnx back without
 * bundling a protobuf library into every cloud function.
 */

/** A float initializer: name, dims and data (a copy, 4-byte aligned). */
export interface FloatInitializer {
  name: string;
  dims: number[];
  data: Float32Array;
}

/** What the sentiment kernel needs from a graph. */
export interface GraphSummary {
  ops: string[];
  floats: Map<string, FloatInitializer>;
}

/** Thrown on bytes that are not a readable ONNX model. */
export class OnnxReadError extends Error {
  override name = 'OnnxReadError';
}

const FLOAT = 1;
const utf8 = new TextDecoder();

function varint(buf: Uint8Array, pos: number): [number, number] {
  let v = 0;
  let mul = 1;
  for (;;) {
    if (pos >= buf.length) throw new OnnxReadError('truncated varint');
    const b = buf[pos++];
    v += (b & 0x7f) * mul; // no bit ops: values (lengths, dims) may exceed 2^31
    if (b < 0x80) return [v, pos];
    mul *= 128;
  }
}

/** Calls `fn(field, value | [start,end])` for each field in buf[start,end). */
function fields(
  buf: Uint8Array,
  start: number,
  end: number,
  fn: (field: number, wire: number, a: number, b: number) => void,
): void {
  let pos = start;
  while (pos < end) {
    const [key, p1] = varint(buf, pos);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      const [v, p2] = varint(buf, p1);
      fn(field, wire, v, v);
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = varint(buf, p1);
      if (p2 + len > end) throw new OnnxReadError('field runs past its message');
      fn(field, wire, p2, p2 + len);
      pos = p2 + len;
    } else if (wire === 5) pos = p1 + 4;
    else if (wire === 1) pos = p1 + 8;
    else throw new OnnxReadError(`unsupported wire type ${wire}`);
  }
}

function tensor(buf: Uint8Array, start: number, end: number): FloatInitializer | null {
  let name = '';
  let type = 0;
  const dims: number[] = [];
  const found: { raw: [number, number] | null } = { raw: null }; // assigned in a callback
  fields(buf, start, end, (f, w, a, b) => {
    if (f === 1 && w === 0) dims.push(a);
    else if (f === 1 && w === 2) for (let p = a; p < b; ) [dims[dims.length], p] = varint(buf, p);
    else if (f === 2) type = a;
    else if (f === 8) name = utf8.decode(buf.subarray(a, b));
    else if (f === 9) found.raw = [a, b];
    else if (f === 4 && w === 2) found.raw = [a, b]; // packed float_data: same little-endian layout
  });
  if (type !== FLOAT || !found.raw) return null;
  const [a, b] = found.raw;
  const data = new Float32Array((b - a) / 4);
  new Uint8Array(data.buffer).set(buf.subarray(a, b));
  return { name, dims, data };
}

/** Reads the node op types (in order) and the float initializers of an ONNX model. */
export function readOnnxGraph(buf: Uint8Array): GraphSummary {
  const ops: string[] = [];
  const floats = new Map<string, FloatInitializer>();
  let sawGraph = false;
  fields(buf, 0, buf.length, (f, w, a, b) => {
    if (f !== 7 || w !== 2) return; // ModelProto.graph
    sawGraph = true;
    fields(buf, a, b, (gf, gw, ga, gb) => {
      if (gw !== 2) return;
      if (gf === 1) {
        // NodeProto.op_type
        fields(buf, ga, gb, (nf, nw, na, nb) => {
          if (nf === 4 && nw === 2) ops.push(utf8.decode(buf.subarray(na, nb)));
        });
      } else if (gf === 5) {
        const t = tensor(buf, ga, gb);
        if (t) floats.set(t.name, t);
      }
    });
  });
  if (!sawGraph) throw new OnnxReadError('no graph in the model');
  return { ops, floats };
}
