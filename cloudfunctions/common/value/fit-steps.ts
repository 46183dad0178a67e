/**
 * `fitValueModel` as a sequence of bounded, checkpointed steps, for refits inside 60 s cloud
 * function calls. Every step reads what earlier steps left in run artifacts, writes what it made
 * under a new name, and returns the new (small) progress to checkpoint; a step killed before its
 * checkpoint is simply redone. The pieces are the ones fitValueModel composes, so a stepped fit —
 * interrupted or not — ends with the same model, byte for byte (fit-steps.test.ts).
 *
 *   base     BG/NBD at the end; the training plan (cut-offs, horizon); the young-shop rule
 *   spend    Gamma–Gamma at the end (then straight to visitor when the rule leaves BG/NBD alone)
 *   level    Pareto/NBD at the end and the hybrid level, only when h′ < h (hybrid-level.ts): its
 *            Nelder–Mead state is checkpointed in the progress every few seconds, since the fit can
 *            take about a minute at 100,000 customers (near-homogeneous dropout: the quadrature)
 *   rows k   BG/NBD refitted at cut-off k and its training rows       (one step per cut-off)
 *   select   bin the rows, then trees in chunks on 80 % of the customers: how many trees?
 *   final    bin all rows, then that many trees in chunks
 *   visitor  the visitor (first-purchase) part, one bounded fit (visitor.ts caps its rows)
 *   season-rows k, season-select, season-final
 *            the last-season trees (season-fit.ts: only with trees and a year's history before
 *            last season's windows), the same rows and passes under `<prefix>season-`
 *   done     the model (artifact `<prefix>model.json`) and the last-season trees, if any
 *            (`<prefix>season-learned.json`): their scale needs the blend, which the caller sets
 *            (season-fit.ts withSeason, as fitGuardedValueModel does it)
 * The rows' storage and the two passes are fit-passes.ts.
 */
import type { BgnbdFit } from './bgnbd';
import { featureNames } from './features';
import {
  beginPass,
  cached,
  continuePass,
  put,
  release,
  storeRows,
  type FitStore,
  type PassProgress,
  type PassSet,
  type PassStep,
} from './fit-passes';
import type { GammaGammaParams } from './gamma-gamma';
import { hybridLevel, rfmAtEnd, type ValueLevel } from './hybrid-level';
import {
  fitBgnbdAt,
  learnedModelOf,
  learnedPlan,
  trainingRowsAt,
  type CustomerHistory,
  type LearnedValueModel,
} from './learned';
import {
  acquiredBy,
  buyersModelOf,
  decidedOptions,
  fitSpend,
  levelPlanned,
  trainOptions,
  withVisitorPart,
  withYoung,
  youngShopFor,
  type FitValueOptions,
  type ValueModel,
} from './model';
import { decodeNelderMead, encodeNelderMead, type NelderMeadState } from './nelder-mead';
import { paretoNbdMle } from './pareto-nbd';
import { seasonPlanOf, seasonTrainOptions } from './season-fit';
import { bgnbdOnlyLearned, type YoungShopDecision } from './young-shop';

export type { FitArtifacts } from './fit-passes';

/** Progress of a stepped fit: small JSON, the caller checkpoints it after every step. */
export interface FitProgress extends PassProgress {
  stage:
    | 'base'
    | 'spend'
    | 'level'
    | 'rows'
    | 'select'
    | 'final'
    | 'visitor'
    | 'season-rows'
    | 'season-select'
    | 'season-final'
    | 'done';
  /** next cut-off (stages rows, season-rows) */
  k: number;
  bgnbd?: BgnbdFit;
  gammaGamma?: GammaGammaParams | null;
  plan?: { cutoffs: number[]; horizon: number };
  /** the young-shop rule's decision (absent in fits begun before it: every family, trees) */
  decision?: YoungShopDecision;
  /** Pareto/NBD's minimisation in progress (stage level) */
  pnbd?: NelderMeadState;
  /** the hybrid level, once computed (absent: none, BG/NBD's level) */
  level?: ValueLevel;
  /** training rows per cut-off done */
  rows: number[];
  /** the finished model's artifact */
  model?: string;
  /** last season's cut-offs (season-fit.ts seasonPlanOf), its rows per cut-off done, its trees' artifact */
  season?: { cutoffs: number[]; horizon: number };
  seasonRows?: number[];
  seasonLearned?: string;
  steps: number;
}

/** What a stepped fit works on (its artifacts, cache and clock: FitStore). */
export interface SteppedFit extends FitStore {
  /** prefix of its artifact names (two fits of one run use two prefixes) */
  prefix: string;
  opts: FitValueOptions;
  /** the histories, as fitValueModel would get them (loaded only by steps that need them) */
  customers(): Promise<readonly CustomerHistory[]>;
  /**
   * also train last season's trees where the history allows (season-fit.ts), as
   * fitGuardedValueModel does with its `season` option; default off
   */
  season?: boolean;
}

/** The learned part's training options as the young-shop rule decided them. */
const decidedTrain = (f: SteppedFit, p: FitProgress) =>
  trainOptions(p.decision ? decidedOptions(f.opts, p.decision) : f.opts);

/** A fit not started yet. */
export const fitStart = (): FitProgress => ({ stage: 'base', k: 0, rows: [], steps: 0 });

/** The buyers' trees as a pass set (its rows are `<prefix>rows-k.bin`). */
const buyersSet = (f: SteppedFit, p: FitProgress): PassSet => ({
  prefix: f.prefix,
  rows: p.rows,
  train: decidedTrain(f, p),
});

/** Last season's trees as a pass set: the finished model's families and the fit's seed (season-fit.ts). */
const seasonSet = async (f: SteppedFit, p: FitProgress): Promise<PassSet> => ({
  prefix: `${f.prefix}season-`,
  rows: p.seasonRows ?? [],
  train: seasonTrainOptions(await modelOf(f, p), f.opts.seed),
});

type PassDone = Extract<PassStep, { done: true }>;

/** One step of a pass: bin the set's rows and start it, or add a chunk of trees; `finish` takes its trees. */
async function passStep(
  f: SteppedFit,
  p: FitProgress,
  set: PassSet,
  which: 'select' | 'final',
  finish: (r: PassDone) => Promise<FitProgress> | FitProgress,
): Promise<FitProgress> {
  if (!p.pass) {
    const pass = await beginPass(f, set, which, p);
    // The customers are not read again before the next rows or visitor step.
    release(f, `${f.prefix}#acquired`);
    return { ...p, pass };
  }
  const r = await continuePass(f, set, which, p.pass);
  return r.done ? finish(r) : { ...p, pass: r.pass };
}

/** The buyers' passes: the select pass's count and generator go on to the final pass, whose trees make the model. */
function buyersPass(f: SteppedFit, p: FitProgress, which: 'select' | 'final'): Promise<FitProgress> {
  const set = buyersSet(f, p);
  return passStep(f, p, set, which, (r) => {
    if (which === 'select') return { ...p, stage: 'final', pass: undefined, bestTrees: r.bestTrees, rand: r.rand };
    const rows = p.rows.reduce((s, n) => s + n, 0);
    const learned = learnedModelOf(set.train, r.model, p.plan as NonNullable<FitProgress['plan']>, rows);
    return buyersModel(f, { ...p, pass: undefined }, learned);
  });
}

/** Last season's passes, as the buyers' (trainLearned at season-fit.ts seasonPlanOf's cut-offs). */
async function seasonPass(f: SteppedFit, p: FitProgress, which: 'select' | 'final'): Promise<FitProgress> {
  const set = await seasonSet(f, p);
  return passStep(f, p, set, which, async (r) => {
    if (which === 'select')
      return { ...p, stage: 'season-final', pass: undefined, bestTrees: r.bestTrees, rand: r.rand };
    const rows = (p.seasonRows ?? []).reduce((s, n) => s + n, 0);
    const learned = learnedModelOf(set.train, r.model, p.season as NonNullable<FitProgress['season']>, rows);
    const name = `${f.prefix}season-learned.json`;
    await put(f, name, learned, Buffer.from(JSON.stringify(learned)));
    return { ...p, stage: 'done', pass: undefined, seasonLearned: name };
  });
}

/** Stores the buyers' model around its learned part; the visitor stage comes next. */
async function buyersModel(f: SteppedFit, p: FitProgress, learned: ValueModel['learned']): Promise<FitProgress> {
  const model = buyersModelOf(f.opts, p.bgnbd as BgnbdFit, p.gammaGamma ?? null, learned, p.level);
  const withRecord = p.decision ? withYoung(model, p.decision) : model;
  const name = `${f.prefix}buyers-model.json`;
  await put(f, name, withRecord, Buffer.from(JSON.stringify(withRecord)));
  return { ...p, stage: 'visitor', model: name };
}

/**
 * Pareto/NBD's fit for a chunk of time (as a pass adds trees), from the minimisation checkpointed
 * in the progress; when it is done, the hybrid level. The same minimisation as fitValueModel's
 * fitLevel, stopped between iterations: the same parameters, bit for bit.
 */
async function levelStep(f: SteppedFit, p: FitProgress): Promise<FitProgress> {
  const key = `${f.prefix}#pnbd`;
  if (!f.cache.has(key)) {
    const rfm = rfmAtEnd(await acquired(f), f.opts.end);
    f.cache.set(key, { rfm, mle: paretoNbdMle(rfm) });
  }
  const { rfm, mle } = f.cache.get(key) as { rfm: ReturnType<typeof rfmAtEnd>; mle: ReturnType<typeof paretoNbdMle> };
  const now = f.now ?? Date.now;
  const until = now() + (f.chunkMs ?? 4000);
  const s = mle.advance(p.pnbd ? decodeNelderMead(p.pnbd) : mle.start(), () => now() >= until);
  if (!s.done) return { ...p, pnbd: encodeNelderMead(s) };
  release(f, key);
  const level = hybridLevel(rfm, f.opts.horizonDays, p.bgnbd as BgnbdFit, mle.result(s));
  return { ...p, pnbd: undefined, ...(level ? { level } : {}), stage: 'rows', k: 0 };
}

/** Adds the visitor part to the buyers' model (fitValueModel's withVisitorPart, on the same histories). */
async function visitorStep(f: SteppedFit, p: FitProgress): Promise<FitProgress> {
  const buyers = await cached(f, p.model as string, (b) => JSON.parse(b.toString('utf8')) as ValueModel);
  const model = withVisitorPart(buyers, await f.customers(), await acquired(f), f.opts);
  const name = `${f.prefix}model.json`;
  await put(f, name, model, Buffer.from(JSON.stringify(model)));
  // Last season's trees next, when the model has trees and the history reaches last year's windows.
  const season = f.season ? seasonPlanOf(model, await acquired(f)) : null;
  if (!season) return { ...p, stage: 'done', model: name };
  return { ...p, stage: 'season-rows', k: 0, model: name, season, seasonRows: [] };
}

/** The finished model (stage visitor done; no blend, no season). */
const modelOf = (f: SteppedFit, p: FitProgress) =>
  cached(f, p.model as string, (b) => JSON.parse(b.toString('utf8')) as ValueModel);

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
      const decision = p.decision ?? { families: [...decidedTrain(f, p).families], trees: true };
      const level = levelPlanned(await acquired(f), f.opts, decision);
      return { ...spent, stage: level ? 'level' : 'rows', k: 0 };
    }
    case 'level':
      return levelStep(f, q);
    case 'rows': {
      const plan = p.plan as NonNullable<FitProgress['plan']>;
      const topts = decidedTrain(f, p);
      const t = trainingRowsAt(await acquired(f), plan.cutoffs[p.k], plan.horizon, topts);
      const rows = [...p.rows, await storeRows(f, f.prefix, p.k, t, featureNames(topts.families).length)];
      const last = p.k + 1 >= plan.cutoffs.length;
      return { ...q, rows, k: p.k + 1, stage: last ? 'select' : 'rows' };
    }
    case 'select':
    case 'final':
      return buyersPass(f, q, p.stage);
    case 'visitor':
      return visitorStep(f, q);
    case 'season-rows': {
      const season = p.season as NonNullable<FitProgress['season']>;
      const set = await seasonSet(f, p);
      const t = trainingRowsAt(await acquired(f), season.cutoffs[p.k], season.horizon, set.train);
      const width = featureNames(set.train.families).length;
      const seasonRows = [...set.rows, await storeRows(f, set.prefix, p.k, t, width)];
      const last = p.k + 1 >= season.cutoffs.length;
      return { ...q, seasonRows, k: p.k + 1, stage: last ? 'season-select' : 'season-rows' };
    }
    case 'season-select':
      return seasonPass(f, q, 'select');
    case 'season-final':
      return seasonPass(f, q, 'final');
    case 'done':
      return p;
  }
}

/** Reads the finished model of a stepped fit (without its last-season trees: {@link seasonResult}). */
export async function fitResult(f: SteppedFit, p: FitProgress): Promise<ValueModel> {
  if (p.stage !== 'done' || !p.model) throw new Error(`value fit not finished (stage ${p.stage})`);
  return modelOf(f, p);
}

/** The finished fit's last-season trees, null when it has none (season-fit.ts withSeason mixes them in). */
export async function seasonResult(f: SteppedFit, p: FitProgress): Promise<LearnedValueModel | null> {
  if (p.stage !== 'done') throw new Error(`value fit not finished (stage ${p.stage})`);
  if (!p.seasonLearned) return null;
  return cached(f, p.seasonLearned, (b) => JSON.parse(b.toString('utf8')) as LearnedValueModel);
}
