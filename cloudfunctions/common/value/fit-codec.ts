/**
 * A binary container for a stepped fit's intermediates (training rows, bins, a boosting pass): a
 * JSON header plus typed arrays, stored as one run artifact. Float64 values round-trip exactly,
 * which the resumed fit's byte-identity depends on (JSON text would too, at five times the size
 * and parse time).
 */

type Typed = Float64Array | Int32Array | Uint8Array;
const KINDS = { f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;
type Kind = keyof typeof KINDS;

const kindOf = (a: Typed): Kind =>
  a instanceof Float64Array ? 'f64' : a instanceof Int32Array ? 'i32' : 'u8';

/** Packs a JSON-able header and named typed arrays into one buffer. */
export function pack(header: unknown, arrays: Record<string, Typed>): Buffer {
  const layout = Object.entries(arrays).map(([name, a]) => ({ name, kind: kindOf(a), length: a.length }));
  const head = Buffer.from(JSON.stringify({ header, layout }), 'utf8');
  // Arrays start at multiples of 8 so they can be viewed in place when unpacked.
  const start = Math.ceil((4 + head.length) / 8) * 8;
  let size = start;
  for (const a of Object.values(arrays)) size += Math.ceil(a.byteLength / 8) * 8;
  const out = Buffer.alloc(size);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  let at = start;
  for (const a of Object.values(arrays)) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += Math.ceil(a.byteLength / 8) * 8;
  }
  return out;
}

/** Unpacks what {@link pack} wrote (arrays are copies, independent of `buf`). */
export function unpack<H>(buf: Buffer): { header: H; arrays: Record<string, Typed> } {
  const len = buf.readUInt32LE(0);
  const { header, layout } = JSON.parse(buf.subarray(4, 4 + len).toString('utf8')) as {
    header: H;
    layout: Array<{ name: string; kind: Kind; length: number }>;
  };
  let at = Math.ceil((4 + len) / 8) * 8;
  const arrays: Record<string, Typed> = {};
  for (const { name, kind, length } of layout) {
    const Ctor = KINDS[kind];
    const bytes = length * Ctor.BYTES_PER_ELEMENT;
    const copy = new Uint8Array(bytes);
    copy.set(buf.subarray(at, at + bytes));
    arrays[name] = new Ctor(copy.buffer, 0, length);
    at += Math.ceil(bytes / 8) * 8;
  }
  return { header, arrays };
}
