/**
 * How many documents an aggregation answers. WeChat cloud answers a pipeline that does not END in
 * a `$limit` stage with its first 20 documents, and one that does with at most 10,000 — behaviour
 * developers measured (WeChat developer community, 2019–2021) and the reference does not state.
 * The local cloud takes the stricter reading of both: a limit anywhere but last does not lift the
 * default, and a final limit above 10,000 is cut to 10,000. Product code ends every pipeline in a
 * limit (common/db/wx-db.ts aggregateAll), so it is correct whichever reading is true.
 */
import type { Doc } from './ejson';

/** Documents answered by a pipeline without a final `$limit`. */
export const AGGREGATE_DEFAULT_ANSWER = 20;
/** Documents answered at most, whatever the final `$limit` asks. */
export const AGGREGATE_MAX_ANSWER = 10_000;

/** The number of documents `pipeline`'s answer is cut to. */
export function aggregateAnswerSize(pipeline: readonly Doc[]): number {
  const last = pipeline[pipeline.length - 1];
  const limit = last && Object.keys(last).length === 1 ? last.$limit : undefined;
  return typeof limit === 'number' && limit > 0 ? Math.min(limit, AGGREGATE_MAX_ANSWER) : AGGREGATE_DEFAULT_ANSWER;
}
