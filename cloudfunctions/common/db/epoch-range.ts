/**
 * "An epoch-ms timestamp before t", bounded below. `_.lt(t)` alone also selects documents whose
 * field is missing or null on a backend that compares in BSON's cross-type order (missing and null
 * sort lowest); MongoDB's type bracketing does not, and CloudBase does not say which it does
 * (common/db/lt-missing.ts). A query that selects records to act on by a timestamp most of them
 * lack ("erased before the cut": most consents were never erased) must read the same under both.
 */
import type { Db } from './wx-db';

/** `field > 0 AND field < t` (`lte` when `inclusive`), as one field's condition. */
export const epochBefore = (_: Db['_'], t: number, inclusive = false): unknown => _.gt(0).and(inclusive ? _.lte(t) : _.lt(t));
