/**
 * ONNX node / value-info / graph / model helpers on `onnx-proto` 8.0.1. We emit IR version 8 with
 * the default-domain opset 17: onnxruntime-node 1.16.3 (pinned for glibc 2.17) loads both.
 */
import { onnx } from 'onnx-proto';
import { DataType, type ElemType } from './tensor';

/** IR version we emit. */
export const IR_VERSION = 8;
/** Default-domain opset we emit. Since opset 13, Unsqueeze/ReduceSum take axes as int64 inputs. */
export const OPSET = 17;

/** Attribute value: number → INT if integral unless wrapped by {@link floatAttr}. */
export type AttrValue =
  | number
  | string
  | readonly number[]
  | { float: number }
  | { floats: readonly number[] }
  | { strings: readonly string[] }
  | { tensor: onnx.ITensorProto };

/** Marks a number attribute as FLOAT even when it is integral (e.g. `alpha: floatAttr(1)`). */
export function floatAttr(v: number): { float: number } {
  return { float: v };
}

/** Builds one `AttributeProto`. Integral numbers become INT, arrays of integers INTS. */
export function attribute(name: string, value: AttrValue): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: T.INT, i: value } : { name, type: T.FLOAT, f: value };
  }
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) {
    const ints = (value as number[]).every((v) => Number.isInteger(v));
    return ints ? { name, type: T.INTS, ints: [...value] } : { name, type: T.FLOATS, floats: [...value] };
  }
  const v = value as
    | { float: number }
    | { floats: readonly number[] }
    | { strings: readonly string[] }
    | { tensor: onnx.ITensorProto };
  if ('float' in v) return { name, type: T.FLOAT, f: v.float };
  if ('floats' in v) return { name, type: T.FLOATS, floats: [...v.floats] };
  if ('strings' in v)
    return { name, type: T.STRINGS, strings: v.strings.map((x) => new TextEncoder().encode(x)) };
  return { name, type: T.TENSOR, t: v.tensor };
}

/** A graph node. `attrs` keys become attributes (see {@link attribute}); `domain` '' is the default one. */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attrs: Record<string, AttrValue> = {},
  name?: string,
  domain = '',
): onnx.INodeProto {
  return {
    opType,
    // Only when set: graphs in the default domain keep their exact bytes.
    ...(domain ? { domain } : {}),
    input: [...inputs],
    output: [...outputs],
    name: name ?? `${opType}_${outputs[0]}`,
    attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
  };
}

/** A graph input/output declaration; string dims are symbolic (e.g. 'batch'). */
export function valueInfo(
  name: string,
  elemType: ElemType,
  dims: readonly (number | string)[],
): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Everything a graph needs. */
export interface GraphParts {
  name: string;
  nodes: onnx.INodeProto[];
  inputs: onnx.IValueInfoProto[];
  outputs: onnx.IValueInfoProto[];
  initializers?: onnx.ITensorProto[];
  doc?: string;
}

/** Assembles a `GraphProto`. */
export function graph(p: GraphParts): onnx.IGraphProto {
  return {
    name: p.name,
    node: p.nodes,
    input: p.inputs,
    output: p.outputs,
    initializer: p.initializers ?? [],
    docString: p.doc ?? '',
  };
}

/** Model-level options. `metadata` lands in `metadata_props` (string → string). */
export interface ModelOptions {
  producer?: string;
  producerVersion?: string;
  modelVersion?: number;
  doc?: string;
  metadata?: Record<string, string>;
  /** opsets of other domains the graph uses, e.g. `{ domain: 'ai.onnx.ml', version: 3 }` */
  opsets?: ReadonlyArray<{ domain: string; version: number }>;
}

/** Wraps a graph into a `ModelProto` with IR 8 / opset 17. */
export function model(g: onnx.IGraphProto, o: ModelOptions = {}): onnx.IModelProto {
  return {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }, ...(o.opsets ?? [])],
    producerName: o.producer ?? 'qunxiang',
    producerVersion: o.producerVersion ?? '1',
    modelVersion: o.modelVersion ?? 1,
    docString: o.doc ?? '',
    metadataProps: Object.entries(o.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: g,
  };
}

/** Serialises a model to the ONNX protobuf bytes (what `InferenceSession.create` accepts). */
export function encodeModel(m: onnx.IModelProto): Uint8Array {
  const err = onnx.ModelProto.verify(m);
  if (err) throw new TypeError(`invalid ModelProto: ${err}`);
  return onnx.ModelProto.encode(onnx.ModelProto.create(m)).finish();
}

/** Parses ONNX bytes back (tests, inspection). */
export function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}

export { DataType };
