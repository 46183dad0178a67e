/**
 * The campaign contract: what staff save from the admin editor and what `dispatch` executes.
 * A campaign is a SERVICE NOTICE customers asked for (降价提醒, 到货提醒, 订单状态, 服务提醒), never
 * advertising; segments decide who gets which notice and when.
 */
import '../contracts/zod-zh';
import { z } from 'zod';
import { id } from '../contracts/events';
import type { CampaignFault } from '../dispatch/send-policy';

/** The most targets (model segments and rule segments) one campaign names. */
export const MAX_CAMPAIGN_TARGETS = 50;

/** Kinds of service notice a campaign may send (WeChat forbids marketing in subscribe messages). */
export const NOTICE_KINDS = ['price_drop', 'back_in_stock', 'order_status', 'reminder'] as const;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const range = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .strict()
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, '下限不能大于上限');

/** Where one template key's value comes from. */
export const valueSource = z.discriminatedUnion('from', [
  z.object({ from: z.literal('text'), value: z.string().min(1).max(64) }).strict(),
  z.object({ from: z.literal('product'), field: z.enum(['name', 'price', 'category']) }).strict(),
  /** The customer's segment in the customer's own wording (segments/customer-wording.ts); both fields render it (`segmentName` kept for stored campaigns). */
  z.object({ from: z.literal('profile'), field: z.enum(['segmentName', 'segmentPhrase']) }).strict(),
  z.object({ from: z.literal('sendTime'), format: z.enum(['date', 'time']) }).strict(),
]);
/** One value source. */
export type ValueSource = z.infer<typeof valueSource>;

/** Optional audience filters; any filter makes a campaign personalised (PIPL art. 24). */
export const audienceFilters = z
  .object({
    /** Mean positive probability of the customer's reviews, 0–1. */
    sentiment: range.optional(),
    /** Days since last purchase. */
    recencyDays: range.optional(),
    /** Purchases in the last 90 days. */
    frequency90d: range.optional(),
    /** Yuan spent in the last 90 days. */
    monetary90d: range.optional(),
  })
  .strict();
/** Audience filters. */
export type AudienceFilters = z.infer<typeof audienceFilters>;

/** What staff send when saving (the server adds id, status and timestamps). */
export const campaignInput = z
  .object({
    _id: id.optional(),
    /**
     * The revision the editor loaded (with `_id`): a save from an editor opened before another
     * staff member's save is refused (CONFLICT) instead of overwriting it unseen.
     */
    revision: z.number().int().min(0).optional(),
    name: z.string().trim().min(1, '请填写活动名称').max(40, '活动名称最多 40 个字'),
    kind: z.enum(NOTICE_KINDS),
    /**
     * Target segments: model segment ids, or merchant rule segments as `rule:<ruleId>`; a customer
     * in any of them is targeted. Empty = every consented customer (not personalised unless filtered).
     */
    segments: z.array(z.union([z.number().int().min(0), id, z.string().regex(/^rule:rule_[a-z0-9]{6,32}$/)])).max(MAX_CAMPAIGN_TARGETS),
    filters: audienceFilters.default({}),
    templateId: id,
    /** Product the notice is about (price drop / back in stock); required when a key maps product data. */
    productId: id.optional(),
    data: z.record(z.string().regex(/^[a-z_]+\d+$/, '模板字段名无效'), valueSource),
    /** Mini-program page opened from the notice, without the campaign id (appended at send time). */
    page: z
      .string()
      .regex(/^pages\/[A-Za-z0-9_/-]+(\?[A-Za-z0-9_=&%-]*)?$/, '页面路径应形如 pages/product/index?id=p1')
      .max(200),
    schedule: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('now') }).strict(),
      z.object({ kind: z.literal('cron'), cron: z.string().min(1).max(100) }).strict(),
    ]),
    /** At most `max` notices (any campaign) per customer within `windowHours`. */
    frequencyCap: z
      .object({
        max: z.number().int().min(1).max(10),
        windowHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 30),
      })
      .strict()
      .default({ max: 1, windowHours: 24 }),
    /** No sends inside this window, UTC+8 (wraps midnight when start > end). Null = none. */
    quietHours: z
      .object({ start: hhmm, end: hhmm })
      .strict()
      .nullable()
      .default({ start: '22:00', end: '08:00' }),
    /** Share of eligible customers kept as a control group (never sent), for uplift. */
    holdoutPct: z.number().min(0).max(50).default(10),
    /** A purchase within this many hours after the send counts as a conversion. */
    conversionWindowHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(72),
  })
  .strict();
/** A campaign as saved by staff. */
export type CampaignInput = z.infer<typeof campaignInput>;

/**
 * Lifecycle: draft → scheduled (waiting for time/cron) → running → done; paused by the dispatcher
 * (pausedReason) or by staff (pausedBy) from scheduled or running; 立即发送/继续发送 schedules it again.
 */
export type CampaignStatus = 'draft' | 'scheduled' | 'running' | 'done' | 'paused';

/** One staff action on a campaign's lifecycle, kept on it for the record (the newest 20). */
export interface CampaignStaffAction {
  action: 'pause' | 'resume';
  /** Staff openid (from the context). */
  by: string;
  at: number;
}

/** A stored campaign document. */
export interface Campaign extends CampaignInput {
  _id: string;
  status: CampaignStatus;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  /**
   * Bumped by every save (absent on campaigns stored before it): what a conditional write
   * compares. `updatedAt` cannot serve: two writes in one millisecond leave it equal, so a later
   * write could land on an edit it never read, and an unchanged re-save changed nothing, which the
   * database counts as 0 updated — read as a conflict. 立即发送 leaves it alone (it changes no
   * field an editor holds; status and schedule have their own conditions).
   */
  revision?: number;
  /** Bumped by every 立即发送, so that its write always counts as one updated document. */
  sendRequests?: number;
  /** Next time (ms) the dispatcher should scan this campaign. */
  nextRunAt: number | null;
  /**
   * Why the dispatcher moved `nextRunAt` later (cleared when a pass finishes), or, for
   * `subscribe_banned`, why a running campaign is not sending: WeChat answered 43107 and each tick
   * tries again (cleared by the next pass that is not refused so).
   */
  deferredReason?: 'quiet_hours' | 'daily_quota' | 'subscribe_banned' | null;
  /**
   * Why the dispatcher paused it (`status` 'paused'): WeChat refused the campaign itself, e.g.
   * its page (41030). Cleared when staff send it again.
   */
  pausedReason?: CampaignFault | null;
  /** Staff who paused it (`status` 'paused' by 暂停发送); cleared when it is sent again. */
  pausedBy?: string | null;
  /** The status staff paused it from: 'running' = mid-pass, so 继续发送 carries on at once. */
  pausedFrom?: 'scheduled' | 'running' | null;
  /** Staff's pauses and resumes, oldest first. */
  staffActions?: CampaignStaffAction[];
  /** When the last pass finished (ms). */
  lastPassAt?: number;
}

/**
 * The condition "still the revision `c` was read at" (campaigns stored before revisions: still
 * that `updatedAt`, and never saved since).
 */
export function sameRevision(c: Pick<Campaign, 'revision' | 'updatedAt'>, exists: (present: boolean) => unknown): Record<string, unknown> {
  if (typeof c.revision === 'number') return { revision: c.revision };
  return { ...(typeof c.updatedAt === 'number' ? { updatedAt: c.updatedAt } : {}), revision: exists(false) };
}

/** True when the campaign selects people by their profile (segments or filters). */
export function isPersonalised(c: Pick<CampaignInput, 'segments' | 'filters'>): boolean {
  return c.segments.length > 0 || Object.values(c.filters ?? {}).some((f) => f !== undefined);
}
