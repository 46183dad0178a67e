/**
 * A merchant-defined segment: conditions on what the profile knows (behaviour windows, model
 * segment, categories, review sentiment, value predictions), combined in AND/OR groups, with an
 * exclusion group. Saved rules are versioned and targeted by campaigns exactly like model
 * segments (as `rule:<id>`). Consent and the personalisation switch are not conditions staff may
 * choose: every rule applies them (PIPL art. 24 — a customer who turned personalised pushes off
 * is never selected by a condition on their profile); the preview counts whom they excluded.
 */
import '../contracts/zod-zh';
import { z } from 'zod';
import spec from '../../../models/feature-spec.json';

/** Value-model predictions a rule may test (stored on the profile as `value.*`). */
export const VALUE_FIELDS = ['value_purchases_90d', 'value_p_active', 'value_spend_90d'] as const;

/** Numeric fields: every profile feature (raw units: days, counts, yuan, 0–1) and the predictions. */
export const NUMERIC_FIELDS = [...spec.features.map((f) => f.name), ...VALUE_FIELDS] as unknown as [string, ...string[]];

const MAX_ITEMS = 20;
const MAX_DEPTH = 3;

const range = z
  .object({
    kind: z.literal('range'),
    field: z.enum(NUMERIC_FIELDS),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
  })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, '请至少填写下限或上限')
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, '下限不能大于上限');

const idList = z.array(z.string().regex(/^[A-Za-z0-9_:-]{1,64}$/, '编号格式不正确')).min(1).max(50);

/** One condition. */
export const ruleCondition = z.union([
  range,
  /** In one of the model segments (ids as strings). */
  z.object({ kind: z.literal('segment'), in: idList }).strict(),
  /** Interacted with one of these categories (viewed, carted, bought, favourited, reviewed) in 90 days. */
  z.object({ kind: z.literal('category'), in: idList }).strict(),
  /** Churn-risk level of the value model. */
  z.object({ kind: z.literal('churn_risk'), in: z.array(z.enum(['low', 'medium', 'high'])).min(1) }).strict(),
  /**
   * Which part of the value model predicts for the customer: 'buyer' (has bought) or 'visitor'
   * (never bought, seen; first-purchase predictions, no churn risk). E.g. "likely first purchase":
   * value_stage in [visitor] AND value_p_active ≥ 0.3.
   */
  z.object({ kind: z.literal('value_stage'), in: z.array(z.enum(['buyer', 'visitor'])).min(1) }).strict(),
]);
/** One condition. */
export type RuleCondition = z.infer<typeof ruleCondition>;

/** An AND/OR group of conditions and groups. */
export interface RuleGroup {
  op: 'and' | 'or';
  items: Array<RuleCondition | RuleGroup>;
}

// Defensive: zod runs refinements on a dirty parse too (a group over MAX_ITEMS keeps its raw items).
const depth = (g: RuleGroup): number =>
  1 + Math.max(0, ...(Array.isArray(g.items) ? g.items : []).map((i) => (i && typeof i === 'object' && 'op' in i ? depth(i) : 0)));

/**
 * A group (recursive; depth ≤ 3, ≤ 20 items each). The item count is checked before any item is
 * parsed: zod parses every element past `.max()`, and each failing one costs a union of issues.
 */
export const ruleGroup: z.ZodType<RuleGroup, z.ZodTypeDef, unknown> = z.lazy(() =>
  z
    .object({
      op: z.enum(['and', 'or']),
      items: z
        .array(z.unknown())
        .min(1, '请至少添加一个条件')
        .max(MAX_ITEMS)
        .pipe(z.array(z.union([ruleCondition, ruleGroup]))),
    })
    .strict(),
);

/** A saved rule's `_id` (rule-store.ts names it `rule_` + random letters and digits). */
export const ruleId = z.string().regex(/^rule_[a-z0-9]{6,32}$/);

/** What staff save. */
export const ruleSegmentInput = z
  .object({
    _id: ruleId.optional(),
    /** The version the editor loaded (with `_id`): a save over a version it never saw is refused. */
    version: z.number().int().min(1).optional(),
    name: z.string().trim().min(1, '请填写分群名称').max(20, '分群名称最多 20 个字'),
    description: z.string().trim().max(200).optional(),
    include: ruleGroup,
    exclude: ruleGroup.optional(),
  })
  .strict()
  .refine((r) => depth(r.include) <= MAX_DEPTH && (!r.exclude || depth(r.exclude) <= MAX_DEPTH), '条件最多嵌套 3 层');
/** What staff save. */
export type RuleSegmentInput = z.infer<typeof ruleSegmentInput>;

/** A stored rule segment (`rule_segments`); each save bumps `version` and keeps the old one in `rule_segment_versions`. */
export interface RuleSegmentDoc extends RuleSegmentInput {
  _id: string;
  version: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  updatedBy: string;
}

// The target id form lives with the contracts, which the admin pages compile in too.
export { ruleIdOf, ruleTargetId } from '../contracts/rule-target';
