/**
 * Whether a run's checkpoint files can hold an erased customer's rows, per kind of refit. An
 * erasure restarts a run only when they can (erasure-restart.ts): restarting every run at every
 * erasure let ordinary erasures in a large shop, or one customer creating data and deleting it
 * again, keep a refit from ever finishing. Each kind answers from what it stores:
 *
 * - `refit:value` and `refit:segmentation` read profiles in `_id` (openid) order, one page per
 *   step, and store rows without the openid. While reading, the files hold exactly the customers
 *   at or before the stored position; once the read ended, every customer whose profile existed
 *   before it ended ({@link RunSnapshot.readEndedAt}); the erasure says when her data began
 *   (`dataFrom`, the profile's `firstSeenAt`: at or before the profile was written).
 * - `refit:sentiment` stores review rows keyed `<openid>:<eventId>`: the files are read and the
 *   answer is exact (its model is fitted from those files alone).
 * - any other kind with files: yes (the conservative answer).
 *
 * An erasure known only by a withdrawal's tombstone (a salted hash, no openid) cannot be placed
 * against a position: a run mid-read then counts as holding her.
 */
import { ERASURE_SLACK_MS } from '../consent/erasures';
import type { ModelFiles } from '../model-store/ports';
import type { JobRun } from './types';

/** The erased customer as the checker knows her. */
export interface ErasedCustomer {
  /** Her openid, when the erasure's record still names her (absent for a withdrawal's tombstone). */
  openid?: string;
  /** Whether `openid` is hers (the openid itself, or the tombstone's hash of it). */
  is(openid: string): boolean;
  /** When her erased data began (ms, her profile's `firstSeenAt`); absent: unknown (as early as can be). */
  dataFrom?: number;
}

/** What of a run the answer depends on. */
export type RunSnapshot = Readonly<Pick<JobRun, 'kind' | 'phase' | 'cursor' | 'state' | 'artifacts' | 'readEndedAt'>>;

/** Files of the run, to read a kind whose rows name the customer; absent: such a kind answers yes. */
export type ScopeFiles = Partial<Pick<ModelFiles, 'download'>>;

/** The phases whose steps read customers' data from the database (the others read the run's files only). */
const READ_PHASES: Record<string, readonly string[]> = {
  'refit:value': ['start', 'read'],
  'refit:segmentation': ['start', 'read'],
  'refit:sentiment': ['start', 'read'],
};

/** Whether a step of `kind` begun in `phase` reads customers' data (unknown kinds: yes). */
export const readsCustomers = (kind: string, phase: string): boolean => READ_PHASES[kind]?.includes(phase) ?? true;

/** The profile walk's stored position of a value or segmentation run: the last openid read ('' = none). */
function profilePosition(run: RunSnapshot): string {
  const raw = run.kind === 'refit:segmentation' ? (run.state?.read as { after?: unknown } | undefined)?.after : run.cursor;
  return typeof raw === 'string' ? raw : '';
}

/** A run reading profiles in `_id` order (value, segmentation). */
function profileWalkHolds(run: RunSnapshot, who: ErasedCustomer): boolean {
  if (readsCustomers(run.kind, run.phase)) {
    const at = profilePosition(run);
    if (at === '') return false;
    // Without her openid (a tombstone) the position says nothing: she may be before it.
    return who.openid === undefined || who.openid <= at;
  }
  // The read ended: files hold every profile that existed before then (clocks differ by up to the slack).
  if (typeof run.readEndedAt !== 'number' || typeof who.dataFrom !== 'number') return true;
  return who.dataFrom <= run.readEndedAt + ERASURE_SLACK_MS;
}

/** The sentiment refit's review parts (`reviews-<i>.json` for i below its `parts`, rows keyed `<openid>:<eventId>`). */
async function sentimentHolds(run: RunSnapshot, who: ErasedCustomer, files: ScopeFiles): Promise<boolean> {
  // Names stay on a restarted run (jobs/wx-ports.ts adds only), so only the parts of this pass count.
  const parts = Number((run.state as { parts?: unknown } | undefined)?.parts ?? 0);
  const ids = Array.from({ length: Number.isInteger(parts) ? parts : 0 }, (_, i) => run.artifacts[`reviews-${i}.json`]);
  if (ids.length === 0) return false;
  if (!files.download || ids.some((id) => typeof id !== 'string')) return true;
  for (const id of ids) {
    // A part that cannot be read (an erasure deleted it meanwhile): the run starts over anyway.
    const rows = await files.download(id).then((b) => JSON.parse(b.toString('utf8')) as Array<{ key?: unknown }>, () => null);
    if (!Array.isArray(rows)) return true;
    for (const r of rows) {
      const key = String(r?.key ?? '');
      if (who.is(key.includes(':') ? key.slice(0, key.indexOf(':')) : key)) return true;
    }
  }
  return false;
}

/** Whether `run`'s files (as of this snapshot) can hold rows of `who`. */
export async function runMayHold(run: RunSnapshot, who: ErasedCustomer, files: ScopeFiles): Promise<boolean> {
  if (Object.keys(run.artifacts ?? {}).length === 0) return false;
  // Begun (again) with no step done: the names a restarted run keeps are of files already deleted.
  const fresh = run.phase === 'start' && (run.cursor ?? '') === '' && Object.keys(run.state ?? {}).length === 0;
  if (fresh) return false;
  if (run.kind === 'refit:value' || run.kind === 'refit:segmentation') return profileWalkHolds(run, who);
  if (run.kind === 'refit:sentiment') return sentimentHolds(run, who, files);
  return true;
}
