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
 *   publish  → model store candidate (files + data window) → guard → done (refit-publish.ts)
 * Every step is bounded (a fit step is one cut-off, one binning or a few seconds of trees: well under
 * the refit host's 15 s at 100,000 customers), so no step can outlive the 60 s call it starts in, and
 * a killed call costs one step: the resumed run ends with the very model an uninterrupted one would.
 */
import type { JobHandler, StepContext, StepOutcome } from '../jobs/types';
import type { ModelStore } from '../model-store/store';
import { dayIndex } from '../profile/day';
import type { CustomerHistory } from '../value/learned';
import { fitResult, fitStart, fitStep, seasonResult, type FitProgress, type SteppedFit } from '../value/fit-steps';
import type { FitValueOptions } from '../value/model';
import { historyOfProfile } from '../value/profile-history';
import { SEASON_BY_DEFAULT } from '../value/season-fit';
import { isVisitorAt } from '../value/visitor';
import { backtestFitOptions, backtestInputs, backtestVerdict, seasonCanShip, type BacktestInputs } from './backtest';
import type { ValueDataPorts } from './ports';
import { memoryRefusal } from './memory-budget';
import { artifactsOf, HORIZON_DAYS, MIN_BUYERS, publish, withBlend, type RefitState } from './refit-publish';
import { MODEL_FILE, type ServedValueModel } from './served-model';
import { visitorCheck } from './visitor-check';

/** Job kind (what admin `modelRefit` 'value' opens). */
export const REFIT_KIND = 'refit:value';
export { HORIZON_DAYS, MIN_BUYERS } from './refit-publish';

/** The refit's ports. */
export interface RefitPorts {
  data: Pick<ValueDataPorts, 'pageProfiles'>;
  store: ModelStore;
  served(): Promise<ServedValueModel | null>;
  now(): number;
  /** MB this instance may use (memory-budget.ts instanceMemoryMb); absent = not checked */
  memoryMb?(): number;
}

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
  /**
   * also fit last season's trees where the history allows (season-fit.ts), as eval:clv's
   * fitGuardedValueModel does with its `season` option; default SEASON_BY_DEFAULT, its default too
   */
  season?: boolean;
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
    season: boolean,
  ): SteppedFit => ({
    prefix,
    opts,
    customers,
    artifacts: artifactsOf(ctx, ctx.run.state as unknown as RefitState),
    cache,
    chunkMs: o.chunkMs,
    season,
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
        if (['select', 'final', 'season-select', 'season-final'].includes(q.stage))
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
          // The position (the last profile read, an openid) is not needed past the read: the fit's
          // phases can take minutes, and no customer's id should sit in the run meanwhile.
          if (page.length === 0) return next('backtest', {}, null);
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
            // The verdict reads the back-test's model alone (fitResult): last season's trees at the cut
            // would never be read, so none are trained (fitValueModel's fit, as backtestValue's).
            const f = stepped(ctx, 'bt-', opts, async () => (await inputs()).seen, false);
            const { q, maxStepSeconds } = await advance(f, s.fit);
            return next('backtest', { fit: q, maxStepSeconds, backtestFit: opts });
          }
          const i: BacktestInputs = await inputs();
          const f = stepped(ctx, 'bt-', backtestFitOptions(i), async () => i.seen, false);
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
          // Last season's trees only where they can ship: not beside an untested blend (withBlend
          // would drop them; at 100,000 customers they are ~80 steps).
          const season = (o.season ?? SEASON_BY_DEFAULT) && seasonCanShip(s.backtest);
          const opts = { end: s.today, horizonDays: HORIZON_DAYS, seed: 1, visitor };
          const f = stepped(ctx, 'fit-', opts, histories, season);
          const t0 = Date.now();
          const done = s.fit?.stage === 'done';
          const { q, maxStepSeconds } = done ? { q: s.fit as FitProgress, maxStepSeconds: 0 } : await advance(f, s.fit ?? fitStart());
          // Last season's trees are mixed in by a step of their own: it reads every history again
          // and predicts for every buyer twice (season-fit.ts withSeason).
          if (q.stage !== 'done' || (q.seasonLearned && !done)) {
            const fitSeconds = Math.round(((s.fitSeconds ?? 0) + (Date.now() - t0) / 1000) * 1000) / 1000;
            return next('fit', { fit: q, fitSeconds, maxStepSeconds });
          }
          const seasonTrees = await seasonResult(f, q);
          const model = q.model ?? MODEL_FILE;
          const blend = await withBlend(
            artifactsOf(ctx, s),
            model,
            s.backtest,
            seasonTrees && { learned: seasonTrees, customers: histories },
          );
          const sec = (Date.now() - t0) / 1000;
          const fitSeconds = Math.round(((s.fitSeconds ?? 0) + sec) * 1000) / 1000;
          // meta.backtest (the admin's 预测方式 line) carries the blend that ships.
          const backtest = blend && s.backtest ? { ...s.backtest, blend } : s.backtest;
          return next('publish', {
            fit: undefined,
            model,
            fitSeconds,
            maxStepSeconds: Math.max(s.maxStepSeconds ?? 0, maxStepSeconds, sec),
            backtest,
          });
        }
        case 'publish':
          return publish(ctx, s, ports.store);
        default:
          throw new Error(`unknown phase ${ctx.run.phase}`);
      }
    },
  };
}

