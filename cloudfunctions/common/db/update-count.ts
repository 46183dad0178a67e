/**
 * What an update's `stats.updated` counts. CloudBase's reference says "成功更新的记录数量" (the
 * number of records updated) and nothing more; the wire answer carries `updated` and `matched`, and
 * @cloudbase/database returns only `updated` (its `matched` line is commented out). Whether a
 * document that matched but did not change (a `set` of the value it holds, an `inc` of 0, a
 * `min`/`max` that loses, `addToSet` of a member) counts is therefore not documented: MongoDB's
 * `nModified` says no, its `nMatched` yes. The stand-ins of the cloud's database count MODIFIED
 * documents by default ('modified': code reading 0 as "no such document" fails); `QX_UPDATE_COUNT=
 * matched` (or the option) counts matched ones, so a claim that is also a no-op reads as taken.
 * Product code must hold under both: a count it acts on comes from an update that always changes
 * what it matches, or is read back (jobs/wx-ports.ts saveRun, dispatch/lease.ts renewLease).
 */
import { envChoice } from './env-choice';

/** 'modified' (default: MongoDB's nModified) or 'matched' (nMatched). */
export type UpdateCountMode = 'modified' | 'matched';

/** Options that choose the reading (engine and memory-SDK options extend this). */
export interface UpdateCountOptions {
  /** Default: `QX_UPDATE_COUNT`, else 'modified'. */
  updateCount?: UpdateCountMode;
}

/** The mode `opts` asks for, else `QX_UPDATE_COUNT`, else 'modified'; anything else is refused. */
export const updateCountMode = (opts: UpdateCountOptions = {}): UpdateCountMode =>
  envChoice('QX_UPDATE_COUNT', ['modified', 'matched'], opts.updateCount, 'modified');

/** `stats.updated` of an update that matched `matched` documents and changed `modified` of them. */
export const updatedCount = (mode: UpdateCountMode, matched: number, modified: number): number =>
  mode === 'matched' ? matched : modified;
