/**
 * A small fluent graph builder on top of graph.ts: `op()` returns its output name, names are
 * generated unless given, and initializers are collected as you declare them. Keeps training
 * scripts' export code short and readable.
 */
import type { onnx } from 'onnx-proto';
import { encodeModel, graph, model, node, valueInfo, type AttrValue, type ModelOptions } from './graph';
import { doubleTensor, floatTensor, int32Tensor, int64Tensor, type ElemType, type Int64Values } from './tensor';

/** Builds one ONNX graph step by step. */
export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inits: onnx.ITensorProto[] = [];
  private readonly ins: onnx.IValueInfoProto[] = [];
  private readonly outs: onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(private readonly name: string) {}

  private claim(name: string): string {
    if (this.used.has(name)) throw new Error(`graph "${this.name}": name "${name}" already used`);
    this.used.add(name);
    return name;
  }

  /** A fresh unique value name with the given prefix. */
  fresh(prefix: string): string {
    let n: string;
    do n = `${prefix}_${this.counter++}`;
    while (this.used.has(n));
    return n;
  }

  /** Declares a graph input. */
  input(name: string, elemType: ElemType, dims: readonly (number | string)[]): string {
    this.ins.push(valueInfo(this.claim(name), elemType, dims));
    return name;
  }

  /** Declares a graph output (an existing value, usually produced by {@link op} with `out`). */
  output(name: string, elemType: ElemType, dims: readonly (number | string)[]): string {
    this.outs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Float32 initializer. */
  floats(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    this.inits.push(floatTensor(this.claim(name), dims, values));
    return name;
  }

  /** Float64 initializer (constants that must keep double precision). */
  doubles(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    this.inits.push(doubleTensor(this.claim(name), dims, values));
    return name;
  }

  /** Int64 initializer (shapes, axes, indices). */
  int64s(name: string, dims: readonly number[], values: Int64Values): string {
    this.inits.push(int64Tensor(this.claim(name), dims, values));
    return name;
  }

  /** Int32 initializer. */
  int32s(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    this.inits.push(int32Tensor(this.claim(name), dims, values));
    return name;
  }

  /**
   * Adds a node with one output; returns the output name (`out` or a fresh one). `domain`: for
   * operators outside the default domain (e.g. 'ai.onnx.ml'; declare its opset in `build`).
   */
  op(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    out?: string,
    domain = '',
  ): string {
    const o = out ? this.claim(out) : this.claim(this.fresh(opType.toLowerCase()));
    this.nodes.push(node(opType, inputs, [o], attrs, undefined, domain));
    return o;
  }

  /** Adds a node with several outputs (names given). */
  opMulti(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
  ): string[] {
    outputs.forEach((o) => this.claim(o));
    this.nodes.push(node(opType, inputs, outputs, attrs));
    return [...outputs];
  }

  /** The finished `ModelProto`. */
  build(opts: ModelOptions = {}): onnx.IModelProto {
    return model(
      graph({
        name: this.name,
        nodes: this.nodes,
        inputs: this.ins,
        outputs: this.outs,
        initializers: this.inits,
      }),
      opts,
    );
  }

  /** The finished model as ONNX bytes. */
  encode(opts: ModelOptions = {}): Uint8Array {
    return encodeModel(this.build(opts));
  }
}
