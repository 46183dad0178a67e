/**
 * The local cloud's check of the product's claim that every `orderBy` field is written on every
 * document it sorts: where a missing (or null) field sorts is undocumented in CloudBase (MongoDB:
 * lowest, as null; a SQL backend: NULLS FIRST or LAST as it likes), so a query whose answer depends
 * on it is wrong on one of them. Rule 'refuse', the default (the local cloud's default is the
 * stricter reading: `npm start`, `npm run local-cloud`, every test cloud and the unit tests' memory
 * SDK): a wire query or aggregation whose engine-run sort meets a matched document without a value
 * on a sort field is refused, so everything run locally verifies the claim mechanically. 'mongo'
 * (`sortMissing: 'mongo'` or `QX_SORT_MISSING=mongo`): MongoDB's order, no check — only where a test
 * exercises that order on purpose (a refusal is not a behaviour the real cloud has; it only marks a
 * question the product asked).
 * A `$sort` after other aggregation stages is checked on the documents it receives
 * ({@link runCheckingSorts}): after a `$group` those are computed, and a group key whose field
 * some grouped document lacks is missing or null there, `_id` included. Not checked: a `$sort`
 * inside a `$lookup` or `$facet` sub-pipeline (the product uses neither), and the in-process
 * handle (emulator internals and tests' own reads, not product code).
 */
import { TcbError } from '../server/envelope';
import type { Doc } from './ejson';
import { valuesAtPath } from './indexes';
import type { SortSpec } from './sort';
import { envChoice } from '../../../cloudfunctions/common/db/env-choice';

/** See the module comment. */
export type SortMissingRule = 'mongo' | 'refuse';

/** Options that choose the rule (the engine's extend this). */
export interface SortMissingOptions {
  /** Default: `QX_SORT_MISSING`, else 'refuse'. */
  sortMissing?: SortMissingRule;
}

/** The rule `opts` asks for, else `QX_SORT_MISSING`, else 'refuse'; anything else is refused. */
export function sortMissingRule(opts: SortMissingOptions = {}): SortMissingRule {
  return envChoice('QX_SORT_MISSING', ['mongo', 'refuse'], opts.sortMissing, 'refuse');
}

/** Whether `doc` has a value to sort by on `path` (missing, null and an empty array have none). */
function hasSortValue(doc: Doc, path: string[]): boolean {
  return valuesAtPath(doc, path).some((v) => v !== undefined && v !== null);
}

/**
 * `docs`, after throwing when one has no value on a field of `spec` (rule 'refuse' only). `stage`:
 * the sort is an aggregation stage after others (its input computed, so `_id` is checked too);
 * otherwise it sorts stored documents, which always have an `_id`.
 */
export function checkSortFields<T extends readonly Doc[]>(rule: SortMissingRule, collection: string, docs: T, spec: SortSpec | undefined, stage?: number): T {
  if (rule !== 'refuse' || !spec) return docs;
  for (const field of Object.keys(spec)) {
    if (field === '_id' && stage === undefined) continue;
    const path = field.split('.');
    const bad = docs.find((d) => !hasSortValue(d, path));
    const what = stage === undefined ? `orderBy '${field}'` : `$sort '${field}' (stage ${stage} of the pipeline)`;
    if (bad)
      throw new TcbError(
        'DATABASE_REQUEST_FAILED',
        `[QX_SORT_MISSING=refuse] ${what} on ${collection}: document ${JSON.stringify(bad._id)} has no value there (where a missing or null field sorts is undocumented)`,
      );
  }
  return docs;
}

/** The spec of a `$sort` stage, else undefined. */
const sortSpecOf = (stage: Doc): SortSpec | undefined => {
  const keys = Object.keys(stage);
  const spec = keys.length === 1 && keys[0] === '$sort' ? stage.$sort : undefined;
  return spec && typeof spec === 'object' ? (spec as SortSpec) : undefined;
};

/**
 * The pipeline `stages` run on `docs` by `run` (mingo), with the input of each `$sort` stage
 * checked as {@link checkSortFields} does (rule 'refuse' only; otherwise one `run` of them all).
 * `first`: the 1-based number of `stages[0]` in the whole pipeline, for the refusal's text. The
 * pipeline is cut before each `$sort` and run piece by piece: each stage reads only the stream
 * the previous one gives, so the pieces answer what the whole would.
 */
export function runCheckingSorts(rule: SortMissingRule, collection: string, stages: Doc[], docs: Doc[], run: (stages: Doc[], docs: Doc[]) => Doc[], first = 1): Doc[] {
  if (rule !== 'refuse') return run(stages, docs);
  let out = docs;
  let from = 0;
  stages.forEach((stage, i) => {
    const spec = sortSpecOf(stage);
    if (!spec) return;
    if (i > from) out = run(stages.slice(from, i), out);
    checkSortFields(rule, collection, out, spec, first + i);
    from = i;
  });
  return run(stages.slice(from), out);
}
