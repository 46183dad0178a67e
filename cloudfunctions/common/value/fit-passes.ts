/**
 * The boosting machinery of a stepped fit (fit-steps.ts): training rows stored one cut-off per
 * artifact, then the two passes gbt.ts fitPoissonGbt runs in one go — `select` (bin the rows, grow
 * trees on 80 % of the customers: how many trees?) and `final` (bin all rows, grow that many) — in
 * checkpointed chunks. A tree set is named by its artifact prefix, so one run can train two sets
 * (the recent windows' trees under `fit-`, last season's under `fit-season-`) with the same code.
 */
import { pack, unpack } from './fit-codec';
import { allRows, passOptions, splitRows } from './gbt';
import {
  advancePass,
  binColumns,
  startPass,
  type GbtBins,
  type GbtModel,
  type GbtPass,
  type PassData,
} from './gbt-pass';
import { learnedGbtOptions, type TrainingRows, type TrainOptions } from './learned';
import { stackRows, type StackedRows } from './stack-rows';
import { Mulberry32 } from '../random';

/** Where a stepped fit keeps its intermediates (a job run's artifacts). */
export interface FitArtifacts {
  put(name: string, content: Buffer): Promise<unknown>;
  get(name: string): Promise<Buffer>;
}

/** The storage side of a stepped fit: artifacts, this invocation's decoded copies, the clock. */
export interface FitStore {
  artifacts: FitArtifacts;
  /** decoded artifacts of this invocation (lost with it: steps rebuild from the artifacts) */
  cache: Map<string, unknown>;
  /** a step adds trees for about this long (default 4 s) */
  chunkMs?: number;
  now?: () => number;
}

/** A tree set trained in passes. */
export interface PassSet {
  /** prefix of its artifact names (rows, pass data, checkpoints) */
  prefix: string;
  /** training rows stored per cut-off, in cut-off order */
  rows: readonly number[];
  /** the training options its rows were built with */
  train: TrainOptions;
}

/** Where a tree set's passes stand (fields of the fit's checkpointed progress). */
export interface PassProgress {
  /** artifact of the boosting pass in progress (`-0` at its start, then slots `-1`/`-2` in turn) */
  pass?: string;
  /** the select pass's tree count and generator state, which the final pass continues */
  bestTrees?: number;
  rand?: number;
}

/** A pass's outcome: a new checkpoint, or its trees (with the select pass's count and generator state). */
export type PassStep =
  | { done: false; pass: string }
  | { done: true; model: GbtModel; bestTrees: number; rand: number };

interface CutRows {
  cols: Float64Array[];
  y: Float64Array;
  offsets: Float64Array;
  groups: Int32Array;
}

/** A decoded artifact, from this invocation's cache or from storage. */
export async function cached<T>(f: FitStore, name: string, load: (b: Buffer) => T): Promise<T> {
  if (!f.cache.has(name)) f.cache.set(name, load(await f.artifacts.get(name)));
  return f.cache.get(name) as T;
}

/** Stores an artifact and keeps its decoded value for this invocation. */
export async function put(f: FitStore, name: string, value: unknown, content: Buffer): Promise<void> {
  await f.artifacts.put(name, content);
  f.cache.set(name, value);
}

/**
 * Drops decoded artifacts this invocation no longer needs from the cache (they stay in storage).
 * A 100,000-customer fit's rows are ~170 MB decoded; several steps run in one call, so without
 * this every superseded checkpoint and the rows of a pass already binned would stay until the
 * call ends (memory: README "Deploy", bench value's memory figures).
 */
export function release(f: FitStore, ...names: Array<string | undefined>): void {
  for (const name of names) if (name !== undefined) f.cache.delete(name);
}

const rowsName = (prefix: string, k: number) => `${prefix}rows-${k}.bin`;
const dataName = (prefix: string, pass: string) => `${prefix}${pass}-data.bin`;

/**
 * Stores cut-off `k`'s training rows (`width` feature columns) and returns how many there are.
 * Stored, not kept: the next steps need the histories, and the pass decodes every cut-off's rows
 * itself (six cut-offs of 100,000 customers are ~170 MB decoded).
 */
export async function storeRows(f: FitStore, prefix: string, k: number, t: TrainingRows, width: number): Promise<number> {
  const arrays: Record<string, Float64Array | Int32Array> = {
    y: Float64Array.from(t.y),
    offsets: Float64Array.from(t.offsets),
    groups: Int32Array.from(t.groups),
  };
  for (let j = 0; j < width; j++) arrays[`c${j}`] = t.cols[j];
  await f.artifacts.put(rowsName(prefix, k), pack({ width }, arrays));
  return t.y.length;
}

function decodeRows(b: Buffer): CutRows {
  const { header, arrays } = unpack<{ width: number }>(b);
  return {
    cols: Array.from({ length: header.width }, (_, j) => arrays[`c${j}`] as Float64Array),
    y: arrays.y as Float64Array,
    offsets: arrays.offsets as Float64Array,
    groups: arrays.groups as Int32Array,
  };
}

/** Every cut-off's training rows in cut-off order (as trainLearned stacks them), a column at a time. */
async function allTrainingRows(f: FitStore, set: PassSet): Promise<StackedRows> {
  const parts: CutRows[] = [];
  for (let k = 0; k < set.rows.length; k++) parts.push(await cached(f, rowsName(set.prefix, k), decodeRows));
  // Not released: the decoded parts are this invocation's cache, and the final pass bins them again.
  return stackRows(parts, parts[0]?.cols.length ?? 0);
}

function encodePass(p: GbtPass): Buffer {
  const { model, rand, bestLoss, bestTrees, done } = p;
  // JSON has no Infinity (the final pass has no held-out loss).
  return pack(
    { model, rand, bestLoss: Number.isFinite(bestLoss) ? bestLoss : null, bestTrees, done },
    { f: p.f },
  );
}

function decodePass(b: Buffer): GbtPass {
  const { header, arrays } = unpack<Omit<GbtPass, 'f' | 'bestLoss'> & { bestLoss: number | null }>(b);
  return { ...header, bestLoss: header.bestLoss ?? Infinity, f: arrays.f as Float64Array };
}

interface StoredData {
  edges: number[][];
  n: number;
  features: number;
}

function decodeData(b: Buffer): PassData {
  const { header, arrays } = unpack<StoredData & { opts: PassData['opts'] }>(b);
  const bins: GbtBins = {
    n: header.n,
    features: header.features,
    bins: arrays.bins as Uint8Array,
    edges: header.edges,
  };
  return {
    bins,
    y: arrays.y as Float64Array,
    train: (arrays.train as Int32Array | undefined) ?? allRows(header.n),
    val: (arrays.val as Int32Array | undefined) ?? new Int32Array(0),
    opts: header.opts,
  };
}

/**
 * Bins the set's rows for a pass, stores its data and its start (no trees yet); returns the
 * start's artifact. The final pass continues the select pass's `bestTrees` and `rand`.
 */
export async function beginPass(
  f: FitStore,
  set: PassSet,
  which: 'select' | 'final',
  p: PassProgress,
): Promise<string> {
  const rows = await allTrainingRows(f, set);
  const n = rows.n;
  const gopts = learnedGbtOptions(set.train, rows.groups);
  const po = passOptions(gopts);
  let data: PassData;
  let rand: number;
  if (which === 'select') {
    const r = new Mulberry32(gopts.seed ?? 1);
    const { train, val } = splitRows(n, r, gopts);
    data = { bins: binColumns(rows.width, n, train, rows.column), y: rows.y, train, val, opts: po };
    rand = r.state;
  } else {
    data = {
      bins: binColumns(rows.width, n, new Int32Array(0), rows.column),
      y: rows.y,
      train: allRows(n),
      val: new Int32Array(0),
      opts: { ...po, maxTrees: p.bestTrees ?? 0 },
    };
    rand = p.rand ?? 0;
  }
  const header: StoredData & { opts: PassData['opts'] } = {
    edges: data.bins.edges,
    n,
    features: data.bins.features,
    opts: data.opts,
  };
  const arrays: Record<string, Uint8Array | Float64Array | Int32Array> =
    which === 'select'
      ? { bins: data.bins.bins, y: rows.y, train: data.train, val: data.val }
      : { bins: data.bins.bins, y: rows.y };
  await put(f, dataName(set.prefix, which), data, pack(header, arrays));
  const pass = startPass(data, rows.offsets, rand);
  const name = `${set.prefix}${which}-0.bin`;
  await put(f, name, pass, encodePass(pass));
  // The rows live on in the pass's data (the final pass decodes them again from storage).
  release(f, ...set.rows.map((_, k) => rowsName(set.prefix, k)));
  return name;
}

/** Adds a chunk of trees to the pass in progress (`pass`, its last checkpoint). */
export async function continuePass(f: FitStore, set: PassSet, which: 'select' | 'final', pass: string): Promise<PassStep> {
  const data = await cached(f, dataName(set.prefix, which), decodeData);
  // A copy: the cached checkpoint stays what its artifact holds if this step dies half-way.
  const stored = await cached(f, pass, decodePass);
  const next: GbtPass = {
    ...stored,
    model: { ...stored.model, trees: [...stored.model.trees] },
    f: stored.f.slice(),
  };
  const now = f.now ?? Date.now;
  const until = now() + (f.chunkMs ?? 4000);
  advancePass(next, data, () => now() >= until);
  if (!next.done) {
    // Two slots in turn: the one the run points to stays whole while the other is written, so a
    // step killed after its upload is redone into the same slot; a pass keeps two checkpoints in
    // storage, not one per chunk (~5 MB each at 100,000 customers, dozens of chunks per pass).
    const slot = pass === `${set.prefix}${which}-1.bin` ? 2 : 1;
    const name = `${set.prefix}${which}-${slot}.bin`;
    await put(f, name, next, encodePass(next));
    release(f, pass);
    return { done: false, pass: name };
  }
  release(f, pass, dataName(set.prefix, which));
  return { done: true, model: next.model, bestTrees: next.bestTrees, rand: next.rand };
}
