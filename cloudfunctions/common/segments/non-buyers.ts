/**
 * Customers who have not placed an order are one fixed group, beside the learned segments: the
 * segmentation model is fitted on buyers (the shipped one on CDNOW, where everyone bought; a
 * shop's refit on its buyers) and decides only among them. Before, every non-buyer went to the
 * nearest buyer segment — 35 of 139 in the demo's 活跃买家·季度高消费 never bought, and a visitor
 * who only browsed read 「也常下单」 on 我的.
 *
 * Who is a buyer is the feature `has_purchased` of models/feature-spec.json: 1 once the profile
 * holds a purchase, which only the `shop` function records (track refuses a client's purchase).
 * The one predicate, {@link isBuyerRow}, reads a model-input row in spec order, so training
 * (train:segments), the shop's refit (its rows and its guard) and the segment pass all split
 * customers by the same test.
 *
 * Its id, {@link NON_BUYER_SEGMENT_ID} = 0, can never be a model's: ids a fit gives start at 1
 * and only grow (segment-fit/identity.ts), and a model meta that uses 0 is refused
 * (inference/segmentation.ts checkSegmentationMeta). A refit does not renumber it: it is not in
 * any meta, so identity matching never sees it.
 */
import { FEATURE_SPEC } from '../features/feature-spec';

/** The group's stable id (stored on profiles as `segment`, in history, run counts, campaign targets). */
export const NON_BUYER_SEGMENT_ID = 0;
/** Its naming rule id (segmentation-post writes its phrase; customer-wording reads it back). */
export const NON_BUYER_RULE = 'non_buyer';
/** What staff read (cards, map, trend, CSV, campaign targets). */
export const NON_BUYER_NAME = '未下单访客';
/** Staff's explanation on the segment card. */
export const NON_BUYER_EXPLANATION =
  '还没有在本店下过单的客户（以本店记录的订单为准），不参与模型分群；适合发送首单相关的服务通知。';

/** Column of `has_purchased` in a model-input row (spec order). */
export const HAS_PURCHASED_COLUMN = FEATURE_SPEC.features.findIndex((f) => f.name === 'has_purchased');
if (HAS_PURCHASED_COLUMN < 0) throw new Error('models/feature-spec.json has no has_purchased feature');

/**
 * Whether a model-input row (computeFeatures / transformFeature output, spec order) is a buyer's.
 * `has_purchased` is 0 or 1 and passes the spec unchanged (transform none, clip [0, 1]).
 */
export const isBuyerRow = (row: ArrayLike<number>, offset = 0): boolean => row[offset + HAS_PURCHASED_COLUMN] >= 0.5;

/** Whether a segment id is the non-buyer group (as stored: number, or a string key of counts). */
export const isNonBuyerSegment = (id: unknown): boolean => id === NON_BUYER_SEGMENT_ID || id === String(NON_BUYER_SEGMENT_ID);

/** The group as a catalog entry beside a model's segments. */
export const NON_BUYER_GROUP = {
  id: NON_BUYER_SEGMENT_ID,
  name: NON_BUYER_NAME,
  rule: NON_BUYER_RULE,
  explanation: NON_BUYER_EXPLANATION,
} as const;
