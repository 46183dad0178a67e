/**
 * The value refit as a resumable job (`refit:value`, common/jobs): each step is bounded and
 * checkpointed, big intermediates live in cloud storage as run artifacts.
 *
 *   start    → fixes the data window's last day (today, shop calendar)
 *   read     → one page of profiles per step; buyers' and visitors' histories saved as an artifact chunk
 *   backtest → the guard's evidence (backtest.ts): candidate procedure at today − 90 vs the serving one;
 *              its fit is stepped (common/value/fit-steps.ts, artifacts `bt-…`), then one verdict step
 *   visitors → the visitor part's held-out check at the same cut (visitor-check.ts): trees or base rate?
 *   fit      → the model on everything up to today, stepped (artifacts `fit-…`, the model `fit-model.json`)
 *   publish  → model store candidate (files + data window) → guard → done
 * Every step is bounded (a fit step is one cut-off, one binning or a few seconds of trees: well under
 * the refit host's 15 s at 100,000 customers), so no step can outlive the 60 s call it starts in, and
 * a killed call costs one step: the resumed run ends with the very model an uninterrupted one would.
 */
import type { JobHandler, StepContext, StepOutcome } from '../jobs/types';
import type { ModelStore } from '../model-store/store';
import { dayIndex } from '../profile/day';
import { formatDay } from '../value/history';
import type { CustomerHistory } from '../value/learned';
import { fitResult, fitStart, fitStep, type FitArtifacts, type FitProgress, type SteppedFit } from '../value/fit-steps';
import type { ValueBlend } from '../value/blend';
import type { FitValueOptions, ValueModel } from '../value/model';
import { historyOfProfile } from '../value/profile-history';
import { isVisitorAt } from '../value/visitor';
import {
  backtestFitOptions,
  backtestInputs,
  backtestVerdict,
  shippedBlend,
  type Backtest,
  type BacktestInputs,
} from './backtest';
import type { ValueDataPorts } from './ports';
import type { ValueGraphParity } from './graph-check';
import { memoryToSet, refitMemoryMb } from './memory-budget';
import { GRAPH_FILE, MODEL_FILE, VALUE_MODEL, type ServedValueModel } from './served-model';
import { runArtifacts } from './run-artifacts';
import { visitorCheck, type VisitorCheck } from './visitor-check';

/** Job kind (what admin `modelRefit` 'value' opens). */
export const REFIT_KIND = 'refit:value';
/** Horizon of every prediction, and of the back-test, days. */
export const HORIZON_DAYS = 90;
/** Fewer buyers than this (or fewer judged in the back-test) say nothing: no version is made. */
export const MIN_BUYERS = 30;

/** The refit's ports. */
export interface RefitPorts {
  data: Pick<ValueDataPorts, 'pageProfiles'>;
  store: ModelStore;
  served(): Promise<ServedValueModel | null>;
  now(): number;
  /** MB this instance may use (memory-budget.ts instanceMemoryMb); absent = not checked */
  memoryMb?(): number;
}

interface RefitState {
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

const artifactsOf = (ctx: StepContext, s: RefitState) => runArtifacts(ctx, s.gzip === true);

async function loadHistories(ctx: StepContext, s: RefitState): Promise<CustomerHistory[]> {
  const out: CustomerHistory[] = [];
  for (let k = 0; k < s.chunks; k++)
    out.push(
      ...(JSON.parse((await artifactsOf(ctx, s).get(`histories-${k}.json`)).toString('utf8')) as CustomerHistory[]),
    );
  return out;
}

/** Options of the handler: profiles read per step, seconds of trees per fit step. */
export interface RefitOptions {
  pageSize?: number;
  chunkMs?: number;
}

/** The `refit:value` handler for one invocation; `pageSize` profiles are read per step. */
export function valueRefitHandler(ports: RefitPorts, o: RefitOptions = {}): JobHandler {
  const pageSize = o.pageSize ?? 1000;
  // What this invocation has read or decoded; a later invocation rebuilds it from the artifacts.
  const cache = new Map<string, unknown>();
  const memo = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as Promise<T>;
  };
  const stepped = (
    ctx: StepContext,
    prefix: string,
    opts: FitValueOptions,
    customers: () => Promise<readonly CustomerHistory[]>,
  ): SteppedFit => ({
    prefix,
    opts,
    customers,
    artifacts: artifactsOf(ctx, ctx.run.state as unknown as RefitState),
    cache,
    chunkMs: o.chunkMs,
  });
  return {
    kind: REFIT_KIND,
    async step(ctx): Promise<StepOutcome> {
      const s = ctx.run.state as unknown as RefitState;
      const next = (phase: string, patch: Partial<RefitState>, cursor?: unknown): StepOutcome => ({
        phase,
        state: { ...s, ...patch } as unknown as Record<string, unknown>,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      const histories = () => memo(`histories@${ctx.run._id}`, () => loadHistories(ctx, s));
      const inputs = () =>
        memo(`bt-inputs@${ctx.run._id}`, async () =>
          backtestInputs(await histories(), { end: s.today, horizonDays: HORIZON_DAYS }),
        );
      /** One step of a stepped fit; its time counts towards the figures on the version. */
      const advance = async (f: SteppedFit, p: FitProgress) => {
        const t0 = Date.now();
        const q = await fitStep(f, p);
        const sec = (Date.now() - t0) / 1000;
        // While trees grow nothing reads the histories: let this call's copy go (~100 MB at
        // 100,000 customers); the visitor step reads them again.
        if (q.stage === 'select' || q.stage === 'final')
          for (const key of [`histories@${ctx.run._id}`, `bt-inputs@${ctx.run._id}`]) cache.delete(key);
        return { q, sec, maxStepSeconds: Math.max(s.maxStepSeconds ?? 0, sec) };
      };
      switch (ctx.run.phase) {
        case 'start':
          return next(
            'read',
            { today: dayIndex(ports.now()), gzip: true, chunks: 0, buyers: 0, visitors: 0, first: null },
            '',
          );
        case 'read': {
          const page = await ports.data.pageProfiles(String(ctx.run.cursor ?? ''), pageSize);
          if (page.length === 0) return next('backtest', {});
          const all = page.map(historyOfProfile);
          const buyers = all.filter((h) => h.purchases.days.some((d) => d <= s.today));
          // Visitors ride in the same chunks: the buyers' fits and back-test filter them out (acquiredBy).
          const visitors = all.filter((h) => isVisitorAt(h, s.today));
          const kept = [...buyers, ...visitors];
          if (kept.length > 0)
            await artifactsOf(ctx, s).put(`histories-${s.chunks}.json`, Buffer.from(JSON.stringify(kept)));
          const first = Math.min(s.first ?? Infinity, ...buyers.map((b) => b.purchases.days[0]));
          return next(
            'read',
            {
              chunks: s.chunks + (kept.length > 0 ? 1 : 0),
              buyers: s.buyers + buyers.length,
              visitors: (s.visitors ?? 0) + visitors.length,
              first: Number.isFinite(first) ? first : null,
            },
            page[page.length - 1]._id,
          );
        }
        case 'backtest': {
          if (s.buyers < MIN_BUYERS)
            return {
              done: true,
              result: {
                outcome: 'too_few_buyers',
                buyers: s.buyers,
                summary: `买家只有 ${s.buyers} 位，少于 ${MIN_BUYERS} 位，暂不训练`,
              },
            };
          if (!s.fit) {
            const tooBig = memoryRefusal(s.buyers + (s.visitors ?? 0), ports.memoryMb?.());
            if (tooBig) return { done: true, result: tooBig };
            const heldOut = (await inputs()).seen.length;
            if (heldOut < MIN_BUYERS)
              return {
                done: true,
                result: {
                  outcome: 'too_little_history',
                  heldOut,
                  buyers: s.buyers,
                  summary: `90 天前就买过的客户只有 ${heldOut} 位，不够回测，暂不上线新版本`,
                },
              };
            return next('backtest', { fit: fitStart() });
          }
          if (s.fit.stage !== 'done') {
            // The fit's options need only the cut: later steps (trees) need no histories at all.
            const opts = s.backtestFit ?? backtestFitOptions(await inputs());
            const f = stepped(ctx, 'bt-', opts, async () => (await inputs()).seen);
            const { q, maxStepSeconds } = await advance(f, s.fit);
            return next('backtest', { fit: q, maxStepSeconds, backtestFit: opts });
          }
          const i: BacktestInputs = await inputs();
          const f = stepped(ctx, 'bt-', backtestFitOptions(i), async () => i.seen);
          const served = await ports.served();
          const bt = backtestVerdict(i, await fitResult(f, s.fit), served?.model ?? null);
          return next('visitors', {
            fit: undefined,
            fitSeconds: 0,
            backtest: { ...bt, incumbentVersion: served?.version ?? 'shipped' },
          });
        }
        case 'visitors': {
          // One bounded step (visitor.ts caps the rows); it never blocks the buyers' model.
          const check = visitorCheck(await histories(), { end: s.today, horizonDays: HORIZON_DAYS, seed: 1 });
          return next('fit', { fit: fitStart(), fitSeconds: 0, visitorCheck: check });
        }
        case 'fit': {
          // Runs begun before the visitor check existed store the base rate alone.
          const visitor = s.visitorCheck?.serve ?? 'base';
          const f = stepped(ctx, 'fit-', { end: s.today, horizonDays: HORIZON_DAYS, seed: 1, visitor }, histories);
          const { q, sec, maxStepSeconds } = await advance(f, s.fit ?? fitStart());
          const fitSeconds = Math.round(((s.fitSeconds ?? 0) + sec) * 1000) / 1000;
          if (q.stage !== 'done') return next('fit', { fit: q, fitSeconds, maxStepSeconds });
          const blend = await withBlend(artifactsOf(ctx, s), q.model ?? MODEL_FILE, s.backtest);
          // meta.backtest (the admin's 预测方式 line) carries the blend that ships.
          const backtest = blend && s.backtest ? { ...s.backtest, blend } : s.backtest;
          return next('publish', { fit: undefined, model: q.model, fitSeconds, maxStepSeconds, backtest });
        }
        case 'publish':
          return publish(ctx, s, ports.store);
        default:
          throw new Error(`unknown phase ${ctx.run.phase}`);
      }
    },
  };
}

/**
 * The refit's answer when the customers' histories and training rows would not fit in this
 * instance's memory: it ends before its first fit step (a container over its memory dies mid-step,
 * and every timer tick would die again at the same step) and says what to set.
 */
export function memoryRefusal(customers: number, memoryMb: number | undefined): Record<string, unknown> | null {
  const needMb = refitMemoryMb(customers);
  if (memoryMb === undefined || needMb <= memoryMb) return null;
  const set = memoryToSet(customers);
  return {
    outcome: 'too_big_for_memory',
    customers,
    needMb,
    memoryMb: Math.round(memoryMb),
    summary:
      needMb > 3072
        ? `${customers} 位客户训练约需 ${needMb} MB 内存，超过云函数最大的 3072 MB，暂不训练`
        : `${customers} 位客户训练约需 ${needMb} MB 内存，value 云函数只有 ${Math.round(memoryMb)} MB：请在云开发控制台把它的内存调到 ${set} MB`,
  };
}

/**
 * The ONNX graph of the fitted trees (the buyers' and, when they rank by trees, the visitors'),
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
  const bytes = exportValueGraph(model.learned, model.visitor ? { part: model.visitor, horizonDays: model.horizonDays } : undefined);
  try {
    return { bytes, parity: await checkValueGraph(bytes, model, sample.slice(0, 2000), s.today, 2000, visitors.slice(0, 2000)) };
  } catch (err) {
    if (err instanceof ValueGraphParityError) return { mismatch: err.message };
    throw err;
  }
}

/**
 * The back-test chose how much of the learned model ships (the guard against BG/NBD, blend.ts):
 * the fitted model predicts with that blend — when the back-test was like the fit, and only what
 * it judged (backtest.ts shippedBlend), as fitGuardedValueModel does it. Returns the blend set
 * (undefined: none). Setting it again on a retried step changes nothing.
 */
async function withBlend(art: FitArtifacts, file: string, bt: Backtest | undefined): Promise<ValueBlend | undefined> {
  if (!bt?.likeTheFit || !bt.blend) return undefined; // no evidence about this fit (or a run from before the guard)
  const model = JSON.parse((await art.get(file)).toString('utf8')) as ValueModel;
  const blend = shippedBlend(bt, model.learned.gbt.trees.length);
  model.blend = blend;
  await art.put(file, Buffer.from(JSON.stringify(model)));
  return blend;
}

/** The model's young-shop record as a meta field (none when the rule changed nothing). */
function youngOf(modelBytes: Buffer): { young?: ValueModel['young'] } {
  const { young } = JSON.parse(modelBytes.toString('utf8')) as ValueModel;
  return young ? { young } : {};
}

/** Publishes the candidate (one checkpoint), then lets the guard decide. */
async function publish(ctx: StepContext, s: RefitState, store: ModelStore): Promise<StepOutcome> {
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
      // Why a young shop is predicted with less (common/value/young-shop.ts); the admin page says it.
      ...youngOf(modelBytes),
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
      result: { outcome: existing.status === 'rejected' ? 'rejected' : 'promoted', version: s.candidate },
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
      // Shown on the 模型 card.
      summary: r.promoted
        ? `回测胜过${bt.incumbentVersion === 'shipped' ? '不预测' : '当前版本'}，已上线`
        : '回测未胜过当前版本，未上线',
    },
  };
}
