/**
 * ONNX tensor helpers: build `TensorProto`s whose payload sits in `rawData` (little-endian), the
 * compact form onnxruntime reads fastest and the only one we emit.
 */
import { onnx } from 'onnx-proto';

/** ONNX element types we emit (numeric values of `TensorProto.DataType`). */
export const DataType = onnx.TensorProto.DataType;
/** Element type number, e.g. `DataType.FLOAT`. */
export type ElemType = onnx.TensorProto.DataType;

/** Values accepted for an int64 tensor: plain numbers must be safe integers. */
export type Int64Values = ArrayLike<number> | BigInt64Array | readonly bigint[];

function checkShape(name: string, dims: readonly number[], length: number): void {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== length) {
    throw new RangeError(`tensor "${name}": dims [${dims.join(',')}] need ${expected} values, got ${length}`);
  }
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  // Copy so later edits of the caller's array cannot change an already-built model.
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

type NumberArrayType = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor;

/** A raw-data tensor of `values` converted to `Type` (a view of that type is used as is). */
function typedTensor(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
  Type: NumberArrayType,
  dataType: ElemType,
): onnx.ITensorProto {
  checkShape(name, dims, values.length);
  const data = values instanceof Type ? values : Type.from(values);
  return { name, dims: [...dims], dataType, rawData: bytesOf(data) };
}

/** A float32 tensor (initializer or attribute value). */
export function floatTensor(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
): onnx.ITensorProto {
  return typedTensor(name, dims, values, Float32Array, DataType.FLOAT);
}

/** A float64 tensor (e.g. tree thresholds and leaf values kept in double precision). */
export function doubleTensor(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
): onnx.ITensorProto {
  return typedTensor(name, dims, values, Float64Array, DataType.DOUBLE);
}

/** An int32 tensor. */
export function int32Tensor(
  name: string,
  dims: readonly number[],
  values: ArrayLike<number>,
): onnx.ITensorProto {
  return typedTensor(name, dims, values, Int32Array, DataType.INT32);
}

/** An int64 tensor (shapes, axes, indices). Numbers must be safe integers. */
export function int64Tensor(name: string, dims: readonly number[], values: Int64Values): onnx.ITensorProto {
  checkShape(name, dims, values.length);
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number | bigint;
    if (typeof v === 'number' && !Number.isSafeInteger(v)) {
      throw new RangeError(`tensor "${name}": value ${v} at ${i} is not a safe integer`);
    }
    data[i] = BigInt(v);
  }
  return { name, dims: [...dims], dataType: DataType.INT64, rawData: bytesOf(data) };
}

/** Reads a float32 `rawData` tensor back (used by tests and model inspection). */
export function readFloatTensor(t: onnx.ITensorProto): Float32Array {
  if (t.dataType !== DataType.FLOAT || !t.rawData)
    throw new TypeError(`tensor "${t.name}" is not raw float32`);
  const raw = t.rawData;
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}
