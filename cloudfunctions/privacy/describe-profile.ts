/**
 * The customer's own profile in plain Chinese ("what we know about you"), for the `me` action.
 * Pure: profile + category names + time in, sentences out.
 */
import { categoryAffinity } from '../common/features/affinity';
import { computeRawFeatures } from '../common/features/compute-features';
import { qualityFlags, type QualityFlags } from '../common/features/quality';
import type { HashedCategoryIds } from '../common/profile/bucket-keys';
import type { ProfileDoc } from '../common/profile/types';
import { storedSegmentWording, type StoredSegmentFields } from '../common/segments/customer-wording';
import { storedReasons } from '../common/segments/reasons';
import { beijingClock } from '../common/beijing-time';
import { yuanText } from '../common/yuan-text';

/** The `me` summary. */
export interface ProfileSummary {
  hasProfile: boolean;
  lines: string[];
  /** The customer's wording of their segment (segments/customer-wording.ts), never staff's name. */
  segment: { name: string; explain: string; reasons: string[] } | null;
  topCategories: Array<{ categoryId: string; name: string; weight: number }>;
}

function date(ms: number): string {
  const d = beijingClock(ms);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/**
 * Said when the records are too few to sum up (features/quality.ts `reliable`: 20 events on 3
 * days, or purchases on 3 days, within a year), with what they are: 「你的记录还不多」 alone was said
 * to a buyer with 8 purchase days (imported orders are purchase events only, under 20 events).
 */
export function fewRecordsLine(q: Pick<QualityFlags, 'reliable' | 'activeDays365' | 'purchaseDays365'>): string | null {
  if (q.reliable) return null;
  if (q.activeDays365 === 0) return '你近一年在本店没有新的记录，以上归纳仅供参考。';
  const bought = q.purchaseDays365 > 0 ? `，其中${q.purchaseDays365}天有购买` : '';
  return `你近一年在本店只有${q.activeDays365}天有记录${bought}，记录还不多，以上归纳仅供参考。`;
}

/**
 * Said when the profile carries the value model's prediction (`value`, value-serving/score-job.ts):
 * staff target on it (预计90天消费, 流失风险, 购买阶段 in rule segments), so the customer is told it
 * exists, what it is for and where to read it (the export hands the profile over whole, `value`
 * included; its readme says what each field means). Not the figures themselves: 「流失风险高」
 * is staff's word about a customer, not one to greet them with.
 */
export const PREDICTION_LINE =
  '本店还根据你的记录估计你接下来90天的购买可能，用来决定给你发送哪些你订阅过的服务通知；估计结果见「导出我的数据」中的 value。';

/** A category products carry without a name (the merchant left it empty). */
const UNNAMED_CATEGORY = '未命名品类';

/** Entries of one name as one, weights added: two delisted categories read 「已下架类目（40%）」 once. */
function sameNamesJoined(top: ReadonlyArray<{ name: string; weight: number }>): Array<{ name: string; weight: number }> {
  const by = new Map<string, number>();
  for (const c of top) by.set(c.name, (by.get(c.name) ?? 0) + c.weight);
  return [...by].map(([name, weight]) => ({ name, weight })).sort((a, b) => b.weight - a.weight);
}

/** Segment fields written by the segmentation job, read whichever shape it uses, worded for the customer. */
function segmentOf(p: ProfileDoc): ProfileSummary['segment'] {
  const wording = storedSegmentWording(p as StoredSegmentFields);
  if (!wording) return null;
  const seg = p.segment as { reasons?: unknown } | undefined;
  // The figures in today's words; sentences only where a pass stored no figures (before them).
  const reasons = Array.isArray(seg?.reasons) ? storedReasons(undefined, seg!.reasons) : storedReasons(p.segmentReasonFacts, p.segmentReasons);
  return { ...wording, reasons };
}

/**
 * Describes `p` at `asOf`; `categoryNames` maps category ids to shop category names, `hashed` the
 * profile's hashed category keys to their ids (catalog/category-keys.ts).
 */
export function describeProfile(
  p: ProfileDoc | null,
  asOf: number,
  categoryNames: Record<string, string> = {},
  hashed: HashedCategoryIds = {},
): ProfileSummary {
  if (!p || p.firstSeenAt === undefined) {
    return {
      hasProfile: false,
      lines: ['我们目前没有保存关于你的任何行为数据。'],
      segment: null,
      topCategories: [],
    };
  }
  const f = computeRawFeatures(p, asOf);
  const q = qualityFlags(p, asOf);
  const lines = [
    `我们从${date(p.firstSeenAt)}开始记录你在本店的浏览和购买，最近一次来访是${date(p.lastActiveAt!)}。`,
  ];
  lines.push(
    `近30天：来访${f.sessions_30d}次，浏览商品${f.product_views_30d}次，加入购物车${f.cart_adds_30d}次，购买${f.frequency_30d}次，消费${yuanText(f.monetary_30d as number)}元。`,
  );
  lines.push(
    `近一年：购买${f.frequency_365d}次，消费${yuanText(f.monetary_365d as number)}元；近90天收藏${f.favorites_90d}件商品。`,
  );
  if ((f.review_count as number) > 0) {
    const mood =
      f.sentiment_mean === null
        ? ''
        : (f.sentiment_mean as number) >= 0.5
          ? '，整体评价偏正面'
          : '，整体评价偏负面';
    lines.push(`你共写了${f.review_count}条评价${mood}。`);
  }
  const top = categoryAffinity(p, asOf, 3, 90, hashed).map((c) => ({
    ...c,
    // Never the raw id (the caller names delisted ones 已下架类目: catalog/category-names.ts).
    name: categoryNames[c.categoryId] ?? UNNAMED_CATEGORY,
  }));
  if (top.length > 0)
    lines.push(`你最近最关注的品类：${sameNamesJoined(top).map((c) => `${c.name}（${Math.round(c.weight * 100)}%）`).join('、')}。`);
  if ((p as { value?: unknown }).value) lines.push(PREDICTION_LINE);
  const few = fewRecordsLine(q);
  if (few) lines.push(few);
  return { hasProfile: true, lines, segment: segmentOf(p), topCategories: top };
}
