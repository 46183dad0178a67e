/**
 * A test-only check of the product's claim that every `orderBy` field is written on every
 * document it sorts: where a missing (or null) field sorts is undocumented in CloudBase (MongoDB:
 * lowest, as null; a SQL backend: NULLS FIRST or LAST as it likes), so a query whose answer depends
 * on it is wrong on one of them. With `sortMissing: 'refuse'` (`QX_SORT_MISSING=refuse`, which the
 * test helpers start every local cloud with: test/helpers/local-cloud.ts, the integration fixtures) a wire query or
 * aggregation whose engine-run sort meets a matched document without a value on a sort field is
 * refused, so the suites verify the claim mechanically. Default 'mongo': MongoDB's order, no check
 * (a refusal is not a behaviour the real cloud has; it only marks a question the product asked).
 * A `$sort` after other aggregation stages (on computed group keys) is not checked.
 */
import { TcbError } from '../server/envelope';
import type { Doc } from './ejson';
import { valuesAtPath } from './indexes';
import type { SortSpec } from './sort';

/** See the module comment. */
export type SortMissingRule = 'mongo' | 'refuse';

/** Options that choose the rule (the engine's extend this). */
export interface SortMissingOptions {
  /** Default: `QX_SORT_MISSING`, else 'mongo'. */
  sortMissing?: SortMissingRule;
}

/** The rule `opts` asks for, else `QX_SORT_MISSING`, else 'mongo'; anything else is refused. */
export function sortMissingRule(opts: SortMissingOptions = {}): SortMissingRule {
  const m = opts.sortMissing ?? (process.env.QX_SORT_MISSING || 'mongo');
  if (m !== 'mongo' && m !== 'refuse') throw new Error(`QX_SORT_MISSING must be mongo or refuse, not ${JSON.stringify(m)}`);
  return m;
}

/** Whether `doc` has a value to sort by on `path` (missing, null and an empty array have none). */
function hasSortValue(doc: Doc, path: string[]): boolean {
  return valuesAtPath(doc, path).some((v) => v !== undefined && v !== null);
}

/** `docs`, after throwing when one has no value on a field of `spec` (rule 'refuse' only). */
export function checkSortFields<T extends readonly Doc[]>(rule: SortMissingRule, collection: string, docs: T, spec: SortSpec | undefined): T {
  if (rule !== 'refuse' || !spec) return docs;
  for (const field of Object.keys(spec)) {
    if (field === '_id') continue;
    const path = field.split('.');
    const bad = docs.find((d) => !hasSortValue(d, path));
    if (bad)
      throw new TcbError(
        'DATABASE_REQUEST_FAILED',
        `[QX_SORT_MISSING=refuse] orderBy '${field}' on ${collection}: document ${JSON.stringify(bad._id)} has no value there (where a missing or null field sorts is undocumented)`,
      );
  }
  return docs;
}
