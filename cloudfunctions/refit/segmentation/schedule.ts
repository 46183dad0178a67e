/**
 * When the timer refits the segmentation: never below MIN_CUSTOMERS buyers — the refit fits on
 * customers with an order only (segments/non-buyers.ts), so counting everyone would start a run
 * that ends in cold start on every tick — (the shipped model serves them); otherwise the first time, as soon as a cold-start run's shop has grown past the
 * threshold, on a DRIFT ALARM — the segment job's last full pass (segment_runs) moved the segment
 * shares by PSI > 0.25 ('large') against the pass before it under the SAME model version (a new
 * version changes the shares by construction, that is no drift) since the last refit started —
 * and at least once a week.
 */
import { COLLECTIONS } from '../../common/contracts/collections';
import { MIN_CUSTOMERS } from '../../common/segment-refit/config';
import type { ScheduleContext, ScheduleDecision } from '../types';
import { beijingIsoDay } from '../../common/beijing-time';

/** Refit at least this often. */
export const REFIT_EVERY_MS = 7 * 86_400_000;

/** The fields of a `segment_runs` snapshot the schedule reads. */
export interface PassSnapshot {
  finishedAt: number;
  modelVersion: string;
  psi: number | null;
  psiLevel: 'stable' | 'moderate' | 'large' | null;
  /** its PSI compares an older assignment rule's run with this one's (segment/snapshot.ts): no drift */
  ruleChanged?: boolean;
}

const day = beijingIsoDay;

/** The decision from what it depends on (pure). `passes` = the two latest snapshots, newest first. */
export function decideSegmentationRefit(a: { /** customers with an order */ customers: number; lastRun: { createdAt: number; outcome?: unknown } | null; passes: PassSnapshot[]; now: number }): ScheduleDecision {
  if (a.customers < MIN_CUSTOMERS)
    return { start: false, reason: `本店下过单的客户 ${a.customers} 位，满 ${MIN_CUSTOMERS} 位后才用本店数据训练分群，目前使用默认分群模型` };
  if (!a.lastRun) return { start: true, reason: `本店下过单的客户 ${a.customers} 位，开始首次用本店数据训练分群` };
  if (a.lastRun.outcome === 'cold_start') return { start: true, reason: `本店下过单的客户已达 ${a.customers} 位，开始用本店数据训练分群` };
  const [latest, before] = a.passes;
  if (latest && before && latest.psiLevel === 'large' && latest.modelVersion === before.modelVersion && !latest.ruleChanged && latest.finishedAt > a.lastRun.createdAt)
    return { start: true, reason: `分群分布明显变化（分布变化指数 ${(latest.psi ?? 0).toFixed(2)} > 0.25），重新训练` };
  if (a.now - a.lastRun.createdAt >= REFIT_EVERY_MS) return { start: true, reason: `距上次训练（${day(a.lastRun.createdAt)}）已满 7 天` };
  return { start: false, reason: `上次训练于 ${day(a.lastRun.createdAt)}；每周或分群分布明显变化时重新训练` };
}

/** The schedule of `refit:segmentation`. */
export async function segmentationSchedule({ env, lastRun, now }: ScheduleContext): Promise<ScheduleDecision> {
  const [customers, passes] = await Promise.all([
    // has_purchased = 1 (compute-features.ts): a purchase time on the profile, recorded by `shop`
    // only; indexed (scripts/db/schema.json) so the count each tick is not a scan of every profile
    env.db.count(COLLECTIONS.profiles, { lastPurchaseAt: env.db._.gt(0) }),
    env.db.find(COLLECTIONS.segmentRuns, {}, { orderBy: ['finishedAt', 'desc'], limit: 2 }) as Promise<PassSnapshot[]>,
  ]);
  return decideSegmentationRefit({ customers, lastRun: lastRun ? { createdAt: lastRun.createdAt, outcome: lastRun.result?.outcome } : null, passes, now });
}
