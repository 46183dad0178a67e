/**
 * `fitValueModel` as a sequence of bounded, checkpointed steps, for refits inside 60 s cloud
 * function calls. Every step reads what earlier steps left in run artifacts, writes what it made
 * under a new name, and returns the new (small) progress to checkpoint; a step killed before its
 * checkpoint is simply redone. The pieces are the ones fitValueModel composes, so a stepped fit —
 * interrupted or not — ends with the same model, byte for byte (fit-steps.test.ts).
 *
 *   base     BG/NBD at the end; the training plan (cut-offs, horizon); the young-shop rule
 *   spend    Gamma–Gamma at the end (then straight to visitor when the rule leaves BG/NBD alone)
 *   rows k   BG/NBD refitted at cut-off k and its training rows       (one step per cut-off)
 *   select   bin the rows, then trees in chunks on 80 % of the customers: how many trees?
 *   final    bin all rows, then that many trees in chunks
 *   visitor  the visitor (first-purchase) part, one bounded fit (visitor.ts caps its rows)
 *   done     the model (artifact `<prefix>model.json`)
 */
import type { BgnbdFit } from './bgnbd';
import { pack, unpack } from './fit-codec';
import { featureNames } from './features';
import type { GammaGammaParams } from './gamma-gamma';
import { allRows, passOptions, splitRows } from './gbt';
import { advancePass, binColumns, startPass, type GbtBins, type GbtPass, type PassData } from './gbt-pass';
import {
  fitBgnbdAt,
  learnedGbtOptions,
  learnedModelOf,
  learnedPlan,
  trainingRowsAt,
  type CustomerHistory,
} from './learned';
import {
  acquiredBy,
  decidedOptions,
  fitSpend,
  trainOptions,
  withVisitorPart,
  withYoung,
  youngShopFor,
  type FitValueOptions,
  type ValueModel,
} from './model';
import { bgnbdOnlyLearned, type YoungShopDecision } from './young-shop';
import { Mulberry32 } from '../random';

/** Where a stepped fit keeps its intermediates (a job run's artifacts). */
export interface FitArtifacts {
  put(name: string, content: Buffer): Promise<unknown>;
  get(name: string): Promise<Buffer>;
}

/** Progress of a stepped fit: small JSON, the caller checkpoints it after every step. */
export interface FitProgress {
  stage: 'base' | 'spend' | 'rows' | 'select' | 'final' | 'visitor' | 'done';
  /** next cut-off (stage rows) */
  k: number;
  bgnbd?: BgnbdFit;
  gammaGamma?: GammaGammaParams | null;
  plan?: { cutoffs: number[]; horizon: number };
  /** the young-shop rule's decision (absent in fits begun before it: every family, trees) */
  decision?: YoungShopDecision;
  /** training rows per cut-off done */
  rows: number[];
  /** artifact of the boosting pass in progress (`-0` at its start, then slots `-1`/`-2` in turn) */
  pass?: string;
  /** the select pass's tree count and generator state, which the final pass continues */
  bestTrees?: number;
  rand?: number;
  /** the finished model's artifact */
  model?: string;
  steps: number;
}

/** What a stepped fit works on. */
export interface SteppedFit {
  /** prefix of its artifact names (two fits of one run use two prefixes) */
  prefix: string;
  opts: FitValueOptions;
  /** the histories, as fitValueModel would get them (loaded only by steps that need them) */
  customers(): Promise<readonly CustomerHistory[]>;
  artifacts: FitArtifacts;
  /** decoded artifacts of this invocation (lost with it: steps rebuild from the artifacts) */
  cache: Map<string, unknown>;
  /** a step adds trees for about this long (default 4 s) */
  chunkMs?: number;
  now?: () => number;
}

/** The learned part's training options as the young-shop rule decided them. */
const decidedTrain = (f: SteppedFit, p: FitProgress) =>
  trainOptions(p.decision ? decidedOptions(f.opts, p.decision) : f.opts);

/** A fit not started yet. */
export const fitStart = (): FitProgress => ({ stage: 'base', k: 0, rows: [], steps: 0 });

interface CutRows {
  cols: Float64Array[];
  y: Float64Array;
  offsets: Float64Array;
  groups: Int32Array;
}

async function cached<T>(f: SteppedFit, name: string, load: (b: Buffer) => T): Promise<T> {
  if (!f.cache.has(name)) f.cache.set(name, load(await f.artifacts.get(name)));
  return f.cache.get(name) as T;
}

async function put(f: SteppedFit, name: string, value: unknown, content: Buffer): Promise<void> {
  await f.artifacts.put(name, content);
  f.cache.set(name, value);
}

const rowsName = (f: SteppedFit, k: number) => `${f.prefix}rows-${k}.bin`;
const dataName = (f: SteppedFit, pass: string) => `${f.prefix}${pass}-data.bin`;

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
interface StackedRows {
  width: number;
  n: number;
  /** column j of all the rows: made on demand, so binning holds one stacked column, not all */
  column(j: number): Float64Array;
  y: Float64Array;
  offsets: Float64Array;
  groups: Int32Array;
}

async function allTrainingRows(f: SteppedFit, p: FitProgress): Promise<StackedRows> {
  const parts: CutRows[] = [];
  for (let k = 0; k < p.rows.length; k++) parts.push(await cached(f, rowsName(f, k), decodeRows));
  const n = p.rows.reduce((s, r) => s + r, 0);
  const cat = <T extends Float64Array | Int32Array>(out: T, of: (c: CutRows) => T): T => {
    let at = 0;
    for (const c of parts) {
      out.set(of(c), at);
      at += of(c).length;
    }
    return out;
  };
  return {
    width: parts[0]?.cols.length ?? 0,
    n,
    column: (j) => cat(new Float64Array(n), (c) => c.cols[j]),
    y: cat(new Float64Array(n), (c) => c.y),
    offsets: cat(new Float64Array(n), (c) => c.offsets),
    groups: cat(new Int32Array(n), (c) => c.groups),
  };
}

/**
 * Drops decoded artifacts this invocation no longer needs from the cache (they stay in storage).
 * A 100,000-customer fit's rows are ~170 MB decoded; several steps run in one call, so without
 * this every superseded checkpoint and the rows of a pass already binned would stay until the
 * call ends (memory: README "Deploy", bench value's memory figures).
 */
function release(f: SteppedFit, ...names: Array<string | undefined>): void {
  for (const name of names) if (name !== undefined) f.cache.delete(name);
}

const rowNames = (f: SteppedFit, p: FitProgress) => p.rows.map((_, k) => rowsName(f, k));

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

/** Bins the rows for a pass, stores its data and its start (no trees yet). */
async function beginPass(f: SteppedFit, p: FitProgress, which: 'select' | 'final'): Promise<FitProgress> {
  const rows = await allTrainingRows(f, p);
  const n = rows.n;
  const topts = decidedTrain(f, p);
  const gopts = learnedGbtOptions(topts, rows.groups);
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
  await put(f, dataName(f, which), data, pack(header, arrays));
  const pass = startPass(data, rows.offsets, rand);
  const name = `${f.prefix}${which}-0.bin`;
  await put(f, name, pass, encodePass(pass));
  // The rows live on in the pass's data (the final pass decodes them again from storage), and
  // the customers are not read again before the visitor step.
  release(f, ...rowNames(f, p), `${f.prefix}#acquired`);
  return { ...p, pass: name };
}

/** Adds a chunk of trees to the pass in progress; moves on when it is done. */
async function continuePass(f: SteppedFit, p: FitProgress, which: 'select' | 'final'): Promise<FitProgress> {
  const data = await cached(f, dataName(f, which), decodeData);
  // A copy: the cached checkpoint stays what its artifact holds if this step dies half-way.
  const stored = await cached(f, p.pass as string, decodePass);
  const pass: GbtPass = {
    ...stored,
    model: { ...stored.model, trees: [...stored.model.trees] },
    f: stored.f.slice(),
  };
  const now = f.now ?? Date.now;
  const until = now() + (f.chunkMs ?? 4000);
  advancePass(pass, data, () => now() >= until);
  if (!pass.done) {
    // Two slots in turn: the one the run points to stays whole while the other is written, so a
    // step killed after its upload is redone into the same slot; a pass keeps two checkpoints in
    // storage, not one per chunk (~5 MB each at 100,000 customers, dozens of chunks per pass).
    const slot = p.pass === `${f.prefix}${which}-1.bin` ? 2 : 1;
    const name = `${f.prefix}${which}-${slot}.bin`;
    await put(f, name, pass, encodePass(pass));
    release(f, p.pass);
    return { ...p, pass: name };
  }
  release(f, p.pass, dataName(f, which));
  if (which === 'select')
    return { ...p, stage: 'final', pass: undefined, bestTrees: pass.bestTrees, rand: pass.rand };
  const learned = learnedModelOf(
    decidedTrain(f, p),
    pass.model,
    p.plan as NonNullable<FitProgress['plan']>,
    p.rows.reduce((s, r) => s + r, 0),
  );
  return buyersModel(f, { ...p, pass: undefined }, learned);
}

/** Stores the buyers' model around its learned part; the visitor stage comes next. */
async function buyersModel(f: SteppedFit, p: FitProgress, learned: ValueModel['learned']): Promise<FitProgress> {
  const model: ValueModel = {
    end: f.opts.end,
    horizonDays: f.opts.horizonDays,
    bgnbd: p.bgnbd as BgnbdFit,
    gammaGamma: p.gammaGamma ?? null,
    learned,
  };
  const withRecord = p.decision ? withYoung(model, p.decision) : model;
  const name = `${f.prefix}buyers-model.json`;
  await put(f, name, withRecord, Buffer.from(JSON.stringify(withRecord)));
  return { ...p, stage: 'visitor', model: name };
}

/** Adds the visitor part to the buyers' model (fitValueModel's withVisitorPart, on the same histories). */
async function visitorStep(f: SteppedFit, p: FitProgress): Promise<FitProgress> {
  const buyers = await cached(f, p.model as string, (b) => JSON.parse(b.toString('utf8')) as ValueModel);
  const model = withVisitorPart(buyers, await f.customers(), await acquired(f), f.opts);
  const name = `${f.prefix}model.json`;
  await put(f, name, model, Buffer.from(JSON.stringify(model)));
  return { ...p, stage: 'done', model: name };
}

/** The acquired customers (cached for the invocation). */
async function acquired(f: SteppedFit): Promise<CustomerHistory[]> {
  const key = `${f.prefix}#acquired`;
  if (!f.cache.has(key)) f.cache.set(key, acquiredBy(await f.customers(), f.opts.end));
  return f.cache.get(key) as CustomerHistory[];
}

/** Does one step of the fit and returns the progress to checkpoint. */
export async function fitStep(f: SteppedFit, p: FitProgress): Promise<FitProgress> {
  const q = { ...p, steps: p.steps + 1 };
  switch (p.stage) {
    case 'base': {
      const cs = await acquired(f);
      const bgnbd = fitBgnbdAt(cs, f.opts.end);
      const plan = learnedPlan(cs, f.opts.end, f.opts.horizonDays);
      const decision = youngShopFor(await f.customers(), cs, f.opts);
      return { ...q, stage: 'spend', bgnbd, plan, decision };
    }
    case 'spend': {
      const spent = { ...q, gammaGamma: fitSpend(await acquired(f)) };
      // Too young for trees: the learned part is BG/NBD alone, no rows to build.
      if (p.decision && !p.decision.trees)
        return buyersModel(f, spent, bgnbdOnlyLearned(p.plan as NonNullable<FitProgress['plan']>, p.decision.young?.rows ?? 0));
      return { ...spent, stage: 'rows', k: 0 };
    }
    case 'rows': {
      const plan = p.plan as NonNullable<FitProgress['plan']>;
      const topts = decidedTrain(f, p);
      const t = trainingRowsAt(await acquired(f), plan.cutoffs[p.k], plan.horizon, topts);
      const width = featureNames(topts.families).length;
      const value: CutRows = {
        cols: Array.from({ length: width }, (_, j) => Float64Array.from(t.rows, (r) => r[j])),
        y: Float64Array.from(t.y),
        offsets: Float64Array.from(t.offsets),
        groups: Int32Array.from(t.groups),
      };
      const arrays: Record<string, Float64Array | Int32Array> = {
        y: value.y,
        offsets: value.offsets,
        groups: value.groups,
      };
      value.cols.forEach((c, j) => (arrays[`c${j}`] = c));
      // Stored, not kept: the next steps need the histories, the pass decodes every cut-off's rows
      // itself (six cut-offs of 100,000 customers are ~170 MB decoded).
      await f.artifacts.put(rowsName(f, p.k), pack({ width }, arrays));
      const rows = [...p.rows, t.y.length];
      const last = p.k + 1 >= plan.cutoffs.length;
      return { ...q, rows, k: p.k + 1, stage: last ? 'select' : 'rows' };
    }
    case 'select':
    case 'final':
      return p.pass ? continuePass(f, q, p.stage) : beginPass(f, q, p.stage);
    case 'visitor':
      return visitorStep(f, q);
    case 'done':
      return p;
  }
}

/** Reads the finished model of a stepped fit. */
export async function fitResult(f: SteppedFit, p: FitProgress): Promise<ValueModel> {
  if (p.stage !== 'done' || !p.model) throw new Error(`value fit not finished (stage ${p.stage})`);
  return cached(f, p.model, (b) => JSON.parse(b.toString('utf8')) as ValueModel);
}
