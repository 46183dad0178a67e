/**
 * Bench workload: customers resampled (seeded, with replacement) from the real behaviour data
 * (../shared/data/behavior: Taobao sample + CDNOW snapshots), folded into the product's profiles
 * by the product's reducer (scripts/train/segmentation/profiles-from-behavior.ts).
 */
import path from 'node:path';
import type { ReducedProfile } from '../../cloudfunctions/common/profile';
import { DAY_MS } from '../../cloudfunctions/common/profile/day';
import { sharedDataDir } from '../../test/helpers/shared-data';
import { readBehaviorDir, type BehaviorCustomer } from '../train/segmentation/behavior-data';
import { profileOf } from '../train/segmentation/profiles-from-behavior';
import { makeRng } from '../train/segmentation/rng';

/** Profiles and the time each is scored at. */
export interface BehaviorProfiles {
  profiles: ReducedProfile[];
  asOf: number[];
}

/** Moves a customer's history by whole days so that its snapshot falls on the day of `now`. */
function movedTo(c: BehaviorCustomer, now: number): BehaviorCustomer {
  const shift = Math.round((now - c.asOf) / DAY_MS) * DAY_MS; // whole days: buckets keep their shape
  return { ...c, asOf: c.asOf + shift, events: c.events.map((e) => ({ ...e, ts: e.ts + shift })) };
}

/**
 * `rows` profiles from the real data (seed 42). With `now`, every history is moved to end on the
 * day of `now` (a live shop's mix scored today) instead of at its source's snapshot date.
 */
export function behaviorProfiles(rows: number, opts: { now?: number } = {}): BehaviorProfiles {
  const dir = sharedDataDir();
  if (!dir) throw new Error('this bench needs ../shared/data/behavior (real data beside the checkout)');
  const { customers } = readBehaviorDir(path.join(dir, 'behavior'));
  const rng = makeRng(42);
  const picked = Array.from({ length: rows }, () => {
    const c = customers[Math.floor(rng() * customers.length)];
    return opts.now === undefined ? c : movedTo(c, opts.now);
  });
  return { profiles: picked.map(profileOf), asOf: picked.map((c) => c.asOf) };
}
