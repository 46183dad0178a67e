/**
 * The value refit as a resumable job (`refit:value`, common/jobs): each step is bounded and
 * checkpointed, big intermediates live in cloud storage as run artifacts.
 *
 *   start    → fixes the data window's last day (today, shop calendar)
 *   read     → one page of profiles per step; buyers' histories saved as an artifact chunk
 *   backtest → the guard's evidence (backtest.ts): candidate procedure at today − 90 vs the serving one
 *   fit      → the model on everything up to today (artifact model.json)
 * Each of the two fits begins an invocation (the step before it yields).
 *   publish  → model store candidate (files + data window) → guard → done
 */
import type { JobHandler, StepContext, StepOutcome } from '../jobs/types';
import type { ModelStore } from '../model-store/store';
import { dayIndex } from '../profile/day';
import { formatDay } from '../value/history';
import type { CustomerHistory } from '../value/learned';
import { fitValueModel } from '../value/model';
import { historyOfProfile } from '../value/profile-history';
import { backtestValue, type Backtest } from './backtest';
import type { ValueDataPorts } from './ports';
import { MODEL_FILE, VALUE_MODEL, type ServedValueModel } from './served-model';

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
}

interface RefitState {
  today: number;
  chunks: number;
  buyers: number;
  first: number | null;
  backtest?: Backtest & { incumbentVersion: string };
  fitSeconds?: number;
  candidate?: string;
}

async function loadHistories(ctx: StepContext, s: RefitState): Promise<CustomerHistory[]> {
  const out: CustomerHistory[] = [];
  for (let k = 0; k < s.chunks; k++)
    out.push(
      ...(JSON.parse((await ctx.getArtifact(`histories-${k}.json`)).toString('utf8')) as CustomerHistory[]),
    );
  return out;
}

/** The `refit:value` handler for one invocation; `pageSize` profiles are read per step. */
export function valueRefitHandler(ports: RefitPorts, o: { pageSize?: number } = {}): JobHandler {
  const pageSize = o.pageSize ?? 1000;
  // One handler per invocation: counts its steps, so the fits start only as an invocation's first
  // step, with the whole budget and the 20 s between budget and the 60 s limit ahead of them.
  let steps = 0;
  return {
    kind: REFIT_KIND,
    async step(ctx): Promise<StepOutcome> {
      steps++;
      if (steps > 1 && (ctx.run.phase === 'backtest' || ctx.run.phase === 'fit')) return { yield: true };
      const s = ctx.run.state as unknown as RefitState;
      const next = (phase: string, patch: Partial<RefitState>, cursor?: unknown): StepOutcome => ({
        phase,
        state: { ...s, ...patch } as unknown as Record<string, unknown>,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      switch (ctx.run.phase) {
        case 'start':
          return next('read', { today: dayIndex(ports.now()), chunks: 0, buyers: 0, first: null }, '');
        case 'read': {
          const page = await ports.data.pageProfiles(String(ctx.run.cursor ?? ''), pageSize);
          if (page.length === 0) return next('backtest', {});
          const buyers = page.map(historyOfProfile).filter((h) => h.purchases.days.some((d) => d <= s.today));
          if (buyers.length > 0)
            await ctx.putArtifact(`histories-${s.chunks}.json`, Buffer.from(JSON.stringify(buyers)));
          const first = Math.min(s.first ?? Infinity, ...buyers.map((b) => b.purchases.days[0]));
          return next(
            'read',
            {
              chunks: s.chunks + (buyers.length > 0 ? 1 : 0),
              buyers: s.buyers + buyers.length,
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
          const served = await ports.served();
          const bt = backtestValue(await loadHistories(ctx, s), {
            end: s.today,
            horizonDays: HORIZON_DAYS,
            incumbent: served?.model ?? null,
          });
          if (bt.heldOut < MIN_BUYERS)
            return {
              done: true,
              result: {
                outcome: 'too_little_history',
                heldOut: bt.heldOut,
                buyers: s.buyers,
                summary: `90 天前就买过的客户只有 ${bt.heldOut} 位，不够回测，暂不上线新版本`,
              },
            };
          return next('fit', { backtest: { ...bt, incumbentVersion: served?.version ?? 'shipped' } });
        }
        case 'fit': {
          const t0 = Date.now();
          const model = fitValueModel(await loadHistories(ctx, s), {
            end: s.today,
            horizonDays: HORIZON_DAYS,
            seed: 1,
          });
          await ctx.putArtifact(MODEL_FILE, Buffer.from(JSON.stringify(model)));
          return next('publish', { fitSeconds: (Date.now() - t0) / 1000 });
        }
        case 'publish':
          return publish(ctx, s, ports.store);
        default:
          throw new Error(`unknown phase ${ctx.run.phase}`);
      }
    },
  };
}

/** Publishes the candidate (one checkpoint), then lets the guard decide. */
async function publish(ctx: StepContext, s: RefitState, store: ModelStore): Promise<StepOutcome> {
  const bt = s.backtest as NonNullable<RefitState['backtest']>;
  if (!s.candidate) {
    const meta = {
      model: VALUE_MODEL,
      format: 'value-model-json',
      horizonDays: HORIZON_DAYS,
      trainedAt: new Date().toISOString(),
      fitSeconds: s.fitSeconds ?? null,
      backtest: bt,
    };
    const doc = await store.publishCandidate({
      model: VALUE_MODEL,
      files: {
        [MODEL_FILE]: await ctx.getArtifact(MODEL_FILE),
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
