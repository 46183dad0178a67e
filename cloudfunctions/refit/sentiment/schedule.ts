/**
 * When the timer refits the sentiment model. Not before the shop has the minimum of rated reviews
 * adaptation needs (ADAPT_POLICY.minReviews: below it the base serves). Then: the first time,
 * once a week (slow drift of a shop's wording), or sooner when the rated reviews grew by a quarter
 * (at least 100) since the last run — the adaptation curve (models/sentiment/report.md) gains
 * most between 300, 1,000 and 3,000 ratings, so growth is what changes the fitted correction.
 */
import { ADAPT_POLICY } from '../../common/sentiment-adapt';
import type { ScheduleContext, ScheduleDecision } from '../types';
import { countRated } from './reviews';
import { beijingIsoDay } from '../../common/beijing-time';

/** Refit at least this often once the shop has enough rated reviews. */
export const REFIT_EVERY_MS = 7 * 86_400_000;
/** …or when this many new rated reviews arrived since the last run… */
export const NEW_REVIEWS_MIN = 100;
/** …and they are at least this share of what the last run read. */
export const NEW_REVIEWS_SHARE = 0.25;

const day = beijingIsoDay;

/** The schedule of `refit:sentiment`. */
export async function sentimentSchedule({ env, lastRun, now }: ScheduleContext): Promise<ScheduleDecision> {
  const rated = await countRated(env.db);
  if (rated < ADAPT_POLICY.minReviews)
    return {
      start: false,
      reason: `本店已评分评价 ${rated} 条，满 ${ADAPT_POLICY.minReviews} 条后才用本店数据训练，目前使用默认模型`,
    };
  if (!lastRun) return { start: true, reason: `本店已评分评价 ${rated} 条，开始首次训练` };
  if (now - lastRun.createdAt >= REFIT_EVERY_MS)
    return { start: true, reason: `距上次训练（${day(lastRun.createdAt)}）已满 7 天` };
  const fresh = await countRated(env.db, lastRun.createdAt);
  const before = typeof lastRun.result?.rated === 'number' ? lastRun.result.rated : rated - fresh;
  const need = Math.max(NEW_REVIEWS_MIN, Math.ceil(NEW_REVIEWS_SHARE * before));
  if (fresh >= need) return { start: true, reason: `上次训练后新增已评分评价 ${fresh} 条` };
  return {
    start: false,
    reason: `上次训练于 ${day(lastRun.createdAt)}；新增已评分评价 ${fresh} 条，满 ${need} 条或满 7 天后再训练`,
  };
}
