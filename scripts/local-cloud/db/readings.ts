/**
 * How one engine reads what CloudBase leaves undocumented, and the faults it plays: the options
 * that choose them (each: the option, else its `QX_` environment variable, else the strict or
 * historical default) and the values an engine holds. Kept apart from engine.ts so that adding a
 * reading does not grow the engine: a new one is an option here, a field of {@link EngineReadings}
 * and the one place in the engine (or in database-actions.ts) that applies it.
 */
import type { StoreOptions } from '../store/lmdb-store';
import { queryReadings, type QueryReadingOptions, type QueryReadings } from '../../../cloudfunctions/common/db/query-readings';
import { ResultOrder, type ResultOrderOptions } from '../../../cloudfunctions/common/db/result-order';
import { updateCountMode, type UpdateCountMode, type UpdateCountOptions } from '../../../cloudfunctions/common/db/update-count';
import { MAX_ANSWER_BYTES, type AnswerBytesOptions } from './answer-bytes';
import type { Collection } from './collection';
import { fieldNameRule, type FieldNameRule } from './field-names';
import { getCapOf, type GetCap, type GetCapOptions } from './get-cap';
import { sortMissingRule, type SortMissingOptions, type SortMissingRule } from './sort-missing';
import { replicaOf, type StaleReadOptions, type StaleReads } from './stale-reads';
import { envChoice } from '../../../cloudfunctions/common/db/env-choice';
import { writeLimitOf, type WriteLimit, type WriteLimitOptions } from './write-bytes';

/** Engine options. */
export interface EngineOptions extends StoreOptions, ResultOrderOptions, AnswerBytesOptions, QueryReadingOptions, UpdateCountOptions, StaleReadOptions, SortMissingOptions, GetCapOptions, WriteLimitOptions {
  /**
   * true (default): like the real cloud, reading or writing a collection that was never created
   * (addCollection / createCollection) fails with DATABASE_COLLECTION_NOT_EXIST.
   * false (for debugging only): collections are created on first write and read as empty — code
   * that works only this way breaks on CloudBase until someone creates the collection.
   */
  strictCollections?: boolean;
  /**
   * How a multi-document insert fails (default: `QX_BATCH_INSERT`, else 'ordered').
   * 'ordered' = MongoDB's default: documents are stored in order up to the first refused one; those
   * before it stay, the refusal names its index. 'atomic' = all or none. Product code must be
   * correct under both (the real cloud does not promise all-or-nothing).
   */
  batchInsert?: BatchInsertMode;
  /**
   * Which field names may be stored (default: `QX_FIELD_NAMES`, else DEFAULT_FIELD_NAMES; 'faq' =
   * the CloudBase FAQ rule at every depth, 'mongo' = only MongoDB's own refusals). See field-names.ts.
   */
  fieldNames?: FieldNameRule;
}

/** See {@link EngineOptions.batchInsert}. */
export type BatchInsertMode = 'atomic' | 'ordered';

/** The mode `opts` asks for, else `QX_BATCH_INSERT`, else 'ordered'; anything else is refused. */
export function batchInsertMode(opts: EngineOptions = {}): BatchInsertMode {
  return envChoice('QX_BATCH_INSERT', ['atomic', 'ordered'], opts.batchInsert, 'ordered');
}

/** The readings and faults of one engine, chosen once when it opens (the engine extends this). */
export abstract class EngineReadings {
  /** Whether a collection nobody created is refused ({@link EngineOptions.strictCollections}). */
  readonly strict: boolean;
  readonly batchInsert: BatchInsertMode;
  /** Which field names may be stored (field-names.ts). */
  readonly fieldNames: FieldNameRule;
  /** Bytes one wire answer may carry (answer-bytes.ts). */
  readonly maxAnswerBytes: number;
  /** What a query leaves unordered comes back permuted per query unless natural (result-order.ts). */
  readonly order: ResultOrder;
  /**
   * How the wire's queries read what CloudBase leaves undocumented (query-readings.ts: `$ne`/`$nin`
   * on a missing field, `$lt`/`$lte` alone on missing/null, equality with null, `$ne`/`$nin`/`$in`
   * on an array field); the in-process handle keeps MongoDB's readings.
   */
  readonly readings: QueryReadings;
  /** What an update's `updated` counts on the wire (update-count.ts); the in-process handle reports both. */
  readonly updateCount: UpdateCountMode;
  /** The lagging replica wire reads are answered from (stale-reads.ts); null: reads see every write. */
  readonly replica: StaleReads | null;
  /** Whether a wire sort refuses a matched document without a value on its field (sort-missing.ts). */
  readonly sortMissing: SortMissingRule;
  /** The most documents one wire query answers, whatever its limit (get-cap.ts). */
  readonly getCap: GetCap;
  /** Bytes one wire write request may carry (write-bytes.ts). */
  readonly writeLimit: WriteLimit;

  /** `colls`: the engine's collections (the replica's primary). */
  protected constructor(opts: EngineOptions, colls: Map<string, Collection>) {
    this.strict = opts.strictCollections ?? true;
    this.maxAnswerBytes = opts.maxAnswerBytes ?? MAX_ANSWER_BYTES;
    this.batchInsert = batchInsertMode(opts);
    this.fieldNames = fieldNameRule(opts);
    this.order = new ResultOrder(opts);
    this.readings = queryReadings(opts);
    this.updateCount = updateCountMode(opts);
    this.replica = replicaOf(opts, colls);
    this.sortMissing = sortMissingRule(opts);
    this.getCap = getCapOf(opts);
    this.writeLimit = writeLimitOf(opts);
  }

  /** The sort-missing rule of a read: the in-process handle's (natural) reads are never checked. */
  protected sortRule(natural: boolean | undefined): SortMissingRule {
    return natural ? 'mongo' : this.sortMissing;
  }
}
