/**
 * The admin 客户价值 page: which value model version serves (and which one scored the latest
 * snapshot), the newest daily snapshot (distribution of expected 90-day spend, expected revenue
 * by model segment, churn-risk counts, at-risk high-value count), the at-risk trend and the
 * visitors' (first-purchase predictions) trend. Reads
 * snapshots only — the scoring pass did the profile scan.
 */
import { COLLECTIONS } from '../contracts/collections';
import { namesInTodaysWords } from '../segments/display-name';
import type { ValueGuardView, ValueOverview, ValueSnapshot, YoungShop } from '../contracts/value-replies';
import type { Db } from '../db/wx-db';
import { createJobRunner } from '../jobs/runner';
import { wxJobDb } from '../jobs/wx-ports';
import { createModelStore } from '../model-store/store';
import { wxModelDb } from '../model-store/wx-ports';
import { LEVEL_Z, type SameSeasonLevel } from '../value/blend';
import { formatDay } from '../value/history';
import type { Backtest } from '../value-serving/backtest';
import type { SeasonMeta } from '../value-serving/refit-publish';
import { noFiles } from './models';

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : typeof d === 'string' ? d : null);

/** The few fields of the version's visitor check the page shows. */
function visitorCheckOf(meta: Record<string, unknown> | undefined) {
  const c = meta?.visitorCheck as NonNullable<NonNullable<ValueOverview['serving']>['visitorCheck']> | undefined;
  if (!c || typeof c !== 'object') return {};
  return { visitorCheck: { serve: c.serve, why: c.why, heldOut: c.heldOut, buyers: c.buyers, auc: c.auc ?? null } };
}

/** The same-season total as the page says it: the ratio and its band of noise (LEVEL_Z standard errors of the log). */
function sameSeasonOf(l: SameSeasonLevel | undefined): Pick<ValueGuardView, 'sameSeason'> {
  if (!l) return {};
  return { sameSeason: { ratio: l.ratio, band: Math.exp(LEVEL_Z * l.se) - 1, verdict: l.verdict } };
}

/**
 * The back-test window and the blend the version predicts with (meta.backtest, value-serving/backtest.ts),
 * and last season's trees mixed in on top (meta.season, value-serving/refit-publish.ts).
 */
export function guardOf(meta: Record<string, unknown> | undefined): { guard?: ValueGuardView } {
  const b = meta?.backtest as Partial<Backtest> | undefined;
  const season = meta?.season as Partial<SeasonMeta> | undefined;
  if (!b || typeof b !== 'object' || typeof b.cut !== 'number' || typeof b.end !== 'number' || !b.blend) return {};
  return {
    guard: {
      from: formatDay(b.cut),
      to: formatDay(b.end),
      seasonal: b.seasonal === true,
      likeTheFit: b.likeTheFit === true,
      weight: b.blend.weight,
      scale: b.blend.scale ?? 1,
      space: b.blend.space === 'log' ? 'log' : 'linear',
      ...(b.blend.untested ? { untested: true } : {}),
      ...(b.blend.untested && b.blend.stopped ? { stopped: true } : {}),
      ...sameSeasonOf(b.blend.sameSeason),
      ...(season && typeof season.weight === 'number' && typeof season.scale === 'number'
        ? { season: { weight: season.weight, scale: season.scale, trees: season.trees ?? 0 } }
        : {}),
    },
  };
}

/** A snapshot with its segments' names in today's words: one a pass wrote before a rename says the old one. */
function namedToday(s: ValueSnapshot | null): ValueSnapshot | null {
  if (!s?.bySegment) return s;
  return { ...s, bySegment: s.bySegment.map((b) => namesInTodaysWords(b, ['name'])) };
}

/** A short-history version's Pareto/NBD-hybrid level (meta.level, common/value/hybrid-level.ts). */
function levelOf(meta: Record<string, unknown> | undefined): { level?: { factor: number } } {
  const l = meta?.level as { factor?: unknown } | undefined;
  return l && typeof l.factor === 'number' ? { level: { factor: l.factor } } : {};
}

/** The page's data, with `days` of trend. */
export async function valueOverview(db: Db, days: number): Promise<ValueOverview> {
  const store = createModelStore({ db: wxModelDb(db), files: noFiles });
  const runner = createJobRunner({ db: wxJobDb(db), files: noFiles });
  const [state, [newest], passes, snaps] = await Promise.all([
    store.state('value'),
    store.history('value', 1),
    runner.runs('score:value', 1),
    db.find(COLLECTIONS.valueSnapshots, {}, { orderBy: ['_id', 'desc'], limit: days }),
  ]);
  const v = state.serving;
  const pass = passes[0];
  const trend = (snaps as unknown as ValueSnapshot[]).reverse();
  return {
    serving: v
      ? {
          version: v.version,
          dataWindow: v.dataWindow,
          servingSince: iso(v.servingSince),
          evaluation: v.evaluation,
          ...visitorCheckOf(v.meta),
          ...guardOf(v.meta),
          ...(v.meta?.young && typeof v.meta.young === 'object' ? { young: v.meta.young as YoungShop } : {}),
          ...levelOf(v.meta),
        }
      : null,
    // Staff asked for a refit and nothing changed: say why (the guard's figures), not just 尚无.
    lastRefit:
      newest && newest.version !== v?.version
        ? {
            version: newest.version,
            status: newest.status,
            createdAt: iso(newest.createdAt),
            evaluation: newest.evaluation,
          }
        : null,
    pass: pass
      ? {
          status: pass.status,
          createdAt: pass.createdAt,
          finishedAt: pass.finishedAt ?? null,
          version:
            ((pass.result?.version ?? (pass.state as { version?: string }).version) as string | null) ?? null,
        }
      : null,
    latest: namedToday(trend[trend.length - 1] ?? null),
    trend: trend.map((s) => ({
      day: s.day,
      atRiskHighValue: s.atRiskHighValue,
      highValue: s.highValue.count,
      buyers: s.buyers,
      version: s.version,
      visitors: s.visitors?.customers ?? null,
      visitorPurchases90d: s.visitors?.purchases90d ?? null,
    })),
  };
}
