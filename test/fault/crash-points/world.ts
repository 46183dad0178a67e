/**
 * Shared pieces of the crash-point explorations (cloudfunctions/common/db/testing/crash-points.ts):
 * a fresh in-memory shop per crash point, and the invariant "a profile is the fold of its stored
 * events, once".
 */
import { CONSENT_VERSION } from '../../../cloudfunctions/common/consent/policy';
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { crashingSdk, type CrashPlan } from '../../../cloudfunctions/common/db/testing/crash-points';
import { memorySdk } from '../../../cloudfunctions/common/db/testing/memory-sdk';
import { Db, type Doc } from '../../../cloudfunctions/common/db/wx-db';
import { canonicalJson } from '../../../cloudfunctions/common/profile/canonical';
import { pickReduced, rebuildReduced } from '../../../cloudfunctions/common/profile/compact';
import type { ProfileDoc, StoredEvent } from '../../../cloudfunctions/common/profile/types';
import { JOB_ID } from '../../../cloudfunctions/rebuild/job';

/** 5 Dec 2026, noon UTC: the explorations' clock. */
export const NOW = Date.UTC(2026, 11, 5, 12);

/** An in-memory database, a {@link Db} on it that crashes under `plan`, and one that does not. */
export function crashWorld(plan: CrashPlan) {
  const sdk = memorySdk();
  const db = new Db(crashingSdk(sdk, plan));
  const raw = new Db(sdk);
  const rows = (coll: string): Doc[] => [...(sdk.tables.get(coll)?.values() ?? [])];
  return { sdk, db, raw, rows };
}

/**
 * A crash-point world on a real SDK's database (the local cloud through wx-server-sdk): a fresh
 * database handle per crash point, a {@link Db} on it that crashes under `plan`, and one that does not.
 */
export function sdkCrashWorld(database: () => Parameters<typeof crashingSdk>[0]) {
  return async (plan: CrashPlan) => {
    const d = database();
    return { db: new Db(crashingSdk(d, plan)), raw: new Db(d) };
  };
}

/** Customer `openid` agreed to the current policy at `at`. */
export async function consentOf(raw: Db, openid: string, at = NOW - 86_400_000): Promise<void> {
  await raw.insert(COLLECTIONS.consents, [
    { _id: openid, openid, version: CONSENT_VERSION, granted: true, grantedAt: at, personalization: true },
  ]);
}

/**
 * The rebuild job as the timer finds it between two daily full rebuilds (one completed at `at`),
 * so its calls run only the repair passes: a profile left right by a full rebuild would hide an
 * incremental path that counted twice.
 */
export async function rebuildJobIdle(raw: Db, at = NOW): Promise<void> {
  await raw.insert(COLLECTIONS.jobs, [
    { _id: JOB_ID, state: 'idle', cursor: '', horizonDays: null, startedAt: at, completedAt: at, leaseUntil: 0, counts: {} },
  ]);
}

/** Throws unless `openid`'s profile has no pending mark and equals the fold of its stored events. */
export async function expectProfileIsFoldOfEvents(raw: Db, openid: string): Promise<void> {
  const profile = (await raw.getById(COLLECTIONS.profiles, openid)) as ProfileDoc | null;
  const events = (await raw.findAll(COLLECTIONS.events, { openid })) as StoredEvent[];
  if (!profile) {
    if (events.length) throw new Error(`${openid}: ${events.length} events stored but no profile`);
    return;
  }
  if (profile.pendingCount || Object.keys(profile.pending ?? {}).length)
    throw new Error(`${openid}: pending marks left after recovery: ${JSON.stringify(profile.pending)}`);
  const want = canonicalJson(rebuildReduced(events, profile, 0));
  const got = canonicalJson(pickReduced(profile));
  if (got !== want) throw new Error(`${openid}: the profile is not the fold of its ${events.length} stored events\n  profile ${got}\n  events  ${want}`);
}
