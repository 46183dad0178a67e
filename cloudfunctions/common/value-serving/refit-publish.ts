/**
 * The end of `refit:value` (refit-job.ts): the blend the back-test chose set on the fitted model,
 * the ONNX graph checked against the trees, the candidate published in the model store, and the
 * guard's verdict.
 */
import type { StepContext, StepOutcome } from '../jobs/types';
import type { ModelStore } from '../model-store/store';
import type { FitArtifacts, FitProgress } from '../value/fit-steps';
import type { ValueBlend } from '../value/blend';
import { formatDay } from '../value/history';
import type { CustomerHistory, LearnedValueModel } from '../value/learned';
import { acquiredBy, type FitValueOptions, type ValueModel } from '../value/model';
import { seasonPlanOf, withSeason } from '../value/season-fit';
import { isVisitorAt } from '../value/visitor';
import { shippedBlend, type Backtest } from './backtest';
import type { ValueGraphParity } from './graph-check';
import { GRAPH_FILE, MODEL_FILE, VALUE_MODEL } from './served-model';
import { runArtifacts } from './run-artifacts';
import type { VisitorCheck } from './visitor-check';

/** Horizon of every prediction, and of the back-test, days. */
export const HORIZON_DAYS = 90;
/** Fewer buyers than this (or fewer judged in the back-test) say nothing: no version is made. */
export const MIN_BUYERS = 30;

/** The refit run's state (checkpointed after every step). */
export interface RefitState {
  today: number;
  /** artifacts gzipped (run-artifacts.ts; absent in runs begun before) */
  gzip?: boolean;
  chunks: number;
  buyers: number;
  /** never-bought customers seen by today (in the histories too; absent in runs begun before) */
  visitors?: number;
  first: number | null;
  visitorCheck?: VisitorCheck;
  backtest?: Backtest & { incumbentVersion: string };
  /** the stepped fit in progress (the back-test's, then the final one) */
  fit?: FitProgress;
  /** the back-test fit's options (absent in runs begun before: made again from the inputs) */
  backtestFit?: FitValueOptions;
  /** seconds the final fit's steps took, and the longest step of either fit */
  fitSeconds?: number;
  maxStepSeconds?: number;
  /** artifact of the fitted model */
  model?: string;
  candidate?: string;
}

/** The run's artifacts, gzipped in runs that began so. */
export const artifactsOf = (ctx: StepContext, s: RefitState) => runArtifacts(ctx, s.gzip === true);

/**
 * The ONNX graph of the fitted trees (the buyers', the last-season set's when the version has one,
 * and, when they rank by trees, the visitors'),
 * checked in onnxruntime against the TypeScript trees on up to 2,000 of the shop's buyers and
 * 2,000 of its visitors at the window's end. Loaded lazily: only this step needs onnxruntime.
 */
async function checkedGraph(
  ctx: StepContext,
  s: RefitState,
  modelBytes: Buffer,
): Promise<{ bytes: Uint8Array; parity: ValueGraphParity } | { mismatch: string }> {
  const { exportValueGraph } = await import('../value/onnx-trees');
  const { checkValueGraph, ValueGraphParityError } = await import('./graph-check');
  const model = JSON.parse(modelBytes.toString('utf8')) as ValueModel;
  const sample: CustomerHistory[] = [];
  const visitors: CustomerHistory[] = [];
  const trees = model.visitor?.basis === 'trees';
  for (let k = 0; k < s.chunks && (sample.length < 2000 || (trees && visitors.length < 2000)); k++) {
    const chunk = JSON.parse(
      (await artifactsOf(ctx, s).get(`histories-${k}.json`)).toString('utf8'),
    ) as CustomerHistory[];
    // Buyers' rows check the learned trees, visitors' rows the visitor trees.
    sample.push(...chunk.filter((h) => h.purchases.days.length > 0));
    if (trees) visitors.push(...chunk.filter((h) => isVisitorAt(h, s.today)));
  }
  const bytes = exportValueGraph(
    model.learned,
    model.visitor ? { part: model.visitor, horizonDays: model.horizonDays } : undefined,
    model.season?.learned,
  );
  try {
    return { bytes, parity: await checkValueGraph(bytes, model, sample.slice(0, 2000), s.today, 2000, visitors.slice(0, 2000)) };
  } catch (err) {
    if (err instanceof ValueGraphParityError) return { mismatch: err.message };
    throw err;
  }
}

/**
 * The fitted model as it ships, as fitGuardedValueModel makes it: the back-test chose how much of
 * the learned model ships (the guard against BG/NBD, blend.ts) — when the back-test was like the
 * fit, and only what it judged (backtest.ts shippedBlend) — then last season's trees, when the fit
 * has them, are mixed in at the shipped total over the customers acquired at the end (season-fit.ts
 * withSeason: the total needs the blend, so it is set here). Returns the blend set (undefined:
 * none). Setting both again on a retried step changes nothing.
 */
export async function withBlend(
  art: FitArtifacts,
  file: string,
  bt: Backtest | undefined,
  season?: { learned: LearnedValueModel; customers: () => Promise<readonly CustomerHistory[]> } | null,
): Promise<ValueBlend | undefined> {
  // No evidence about this fit (or a run from before the guard): no blend.
  const judged = bt?.likeTheFit === true && bt.blend !== undefined;
  if (!judged && !season) return undefined;
  const model = JSON.parse((await art.get(file)).toString('utf8')) as ValueModel;
  const blend = judged ? shippedBlend(bt) : undefined;
  if (blend) model.blend = blend;
  // The set ships only where season-fit.ts seasonPlanOf says so of the blended model (not on an
  // untested blend), as in fitGuardedValueModel: the stepped fit trained it before the blend was known.
  const acquired = season ? acquiredBy(await season.customers(), model.end) : [];
  const shipped = season && seasonPlanOf(model, acquired) ? withSeason(model, acquired, season.learned) : model;
  await art.put(file, Buffer.from(JSON.stringify(shipped)));
  return blend;
}

/**
 * What the model records for the admin page as meta fields: the young-shop record (none when the
 * rule changed nothing), a short history's Pareto/NBD-hybrid level (none: BG/NBD's level) and
 * last season's trees (none when the version has none).
 */
function recordsOf(
  modelBytes: Buffer,
): { young?: ValueModel['young']; level?: ValueModel['level']; season?: SeasonMeta } {
  const { young, level, season } = JSON.parse(modelBytes.toString('utf8')) as ValueModel;
  return {
    ...(young ? { young } : {}),
    ...(level ? { level } : {}),
    ...(season
      ? {
          season: {
            weight: season.weight,
            scale: season.scale,
            trees: season.learned.gbt.trees.length,
            cutoffs: season.learned.cutoffs.map(formatDay),
            trainingRows: season.learned.trainingRows,
          },
        }
      : {}),
  };
}

/** Last season's trees as the version's meta says them (common/value/season-ensemble.ts). */
export interface SeasonMeta {
  weight: number;
  scale: number;
  trees: number;
  /** their training cut-offs (YYYY-MM-DD), a year before the data window's end */
  cutoffs: string[];
  trainingRows: number;
}

/** Publishes the candidate (one checkpoint), then lets the guard decide. */
export async function publish(ctx: StepContext, s: RefitState, store: ModelStore): Promise<StepOutcome> {
  const bt = s.backtest as NonNullable<RefitState['backtest']>;
  if (!s.candidate) {
    const modelBytes = await artifactsOf(ctx, s).get(s.model ?? MODEL_FILE);
    const graph = await checkedGraph(ctx, s, modelBytes);
    if ('mismatch' in graph)
      return {
        done: true,
        result: {
          outcome: 'graph_mismatch',
          reason: graph.mismatch,
          summary: '模型图与树的预测不一致，未发布新版本',
        },
      };
    const meta = {
      model: VALUE_MODEL,
      format: 'value-model-json',
      horizonDays: HORIZON_DAYS,
      trainedAt: new Date().toISOString(),
      fitSeconds: s.fitSeconds ?? null,
      maxStepSeconds: s.maxStepSeconds ?? null,
      backtest: bt,
      ...(s.visitorCheck ? { visitorCheck: s.visitorCheck } : {}),
      // Why a young shop is predicted with less (common/value/young-shop.ts), a short history's
      // level (hybrid-level.ts) and last season's trees (season-fit.ts): the admin page says them.
      ...recordsOf(modelBytes),
      graph: { file: GRAPH_FILE, parity: graph.parity },
    };
    const doc = await store.publishCandidate({
      model: VALUE_MODEL,
      files: {
        [MODEL_FILE]: modelBytes,
        [GRAPH_FILE]: Buffer.from(graph.bytes),
        'meta.json': Buffer.from(JSON.stringify(meta)),
      },
      dataWindow: { from: formatDay(s.first ?? s.today), to: formatDay(s.today), n: s.buyers },
      producedBy: ctx.run._id,
    });
    // Checkpoint the name first: a retry after a crash judges this candidate, never publishes twice.
    return {
      phase: 'publish',
      state: { ...s, candidate: doc.version } as unknown as Record<string, unknown>,
    };
  }
  const existing = await store.version(VALUE_MODEL, s.candidate);
  if (existing && existing.status !== 'candidate')
    return {
      done: true,
      result: { outcome: existing.status === 'serving' || existing.status === 'retired' ? 'promoted' : 'rejected', version: s.candidate },
    };
  const r = await store.guard({
    model: VALUE_MODEL,
    version: s.candidate,
    evaluation: {
      metric: 'rmse',
      candidate: bt.candidate.rmse,
      // With nothing serving, the incumbent is "no prediction": zero purchases for everyone.
      incumbent: bt.incumbent?.rmse ?? bt.zeroRmse,
      heldOut: bt.heldOut,
      incumbentVersion: bt.incumbentVersion,
    },
    rule: { higherIsBetter: false, minHeldOut: MIN_BUYERS },
    by: ctx.run.requestedBy,
  });
  return {
    done: true,
    result: {
      outcome: r.promoted ? 'promoted' : 'rejected',
      version: s.candidate,
      serving: r.serving,
      reason: r.evaluation.reason,
      // Shown on the 模型 card; with nothing serving the version was judged against no prediction.
      summary: `回测${r.promoted ? '胜过' : '未胜过'}${bt.incumbentVersion === 'shipped' ? '不预测' : '当前版本'}，${r.promoted ? '已上线' : '未上线'}`,
    },
  };
}
