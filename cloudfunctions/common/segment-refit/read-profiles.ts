/**
 * The refit's read phase: the shop's current profiles in `_id` order — the same collection and
 * order the segment job scores (a withdrawn customer's profile is erased, so it is never read) —
 * turned into model inputs by the SAME feature code (common/features computeFeatures) at the
 * run's `asOf`. Only buyers' rows are kept: customers without an order are the fixed non-buyer
 * group, never the model's (segments/non-buyers.ts), so the fit, its stability and the guard's
 * held-back comparison are all on buyers. One artifact per step; every HELD_OUT_EVERY-th customer
 * (by a hash of the openid, so stable across runs) is marked as held back for the guard.
 */
import { COLLECTIONS } from '../contracts/collections';
import { isLastPage, type Db } from '../db/wx-db';
import { computeFeatures, FEATURE_SPEC } from '../features';
import type { ReducedProfile } from '../profile/types';
import { hash32 } from '../random';
import { isBuyerRow } from '../segments/non-buyers';
import { CHUNK_ROWS, HELD_OUT_EVERY, PAGE, READ_STEP_MS } from './config';
import { encodeChunk } from './feature-chunks';

/** Progress of the read phase (in the run's state). */
export interface ReadState {
  asOf: number;
  /** last profile `_id` read */
  after: string;
  chunks: number;
  rows: number;
  heldOut: number;
  /** customers read and left out for having no order (absent in runs started before they were) */
  nonBuyers?: number;
}

/** Is this customer held back from the fit (for the guard)? */
export const isHeldOut = (openid: string): boolean => hash32(openid, 12) % HELD_OUT_EVERY === 0;

/** Profiles with `_id > after`, in `_id` order, at most `limit`. */
export type ProfilePager = (after: string, limit: number) => Promise<Array<ReducedProfile & { _id: string }>>;

/** The pager over the `profiles` collection (what the segment job pages too). */
export const dbProfilePager =
  (db: Db): ProfilePager =>
  async (after, limit) =>
    (await db.keysetPage(COLLECTIONS.profiles, {}, { after, limit })).docs as Array<ReducedProfile & { _id: string }>;

/** Read up to one chunk; `done` when the profiles ran out. */
export async function readChunk(pager: ProfilePager, s: ReadState, put: (name: string, b: Buffer) => Promise<unknown>, now: () => number): Promise<{ state: ReadState; done: boolean }> {
  const F = FEATURE_SPEC.features.length;
  const rows: number[][] = [];
  const held: number[] = [];
  let nonBuyers = 0;
  const t0 = now();
  let after = s.after;
  let done = false;
  while (rows.length < CHUNK_ROWS && now() - t0 < READ_STEP_MS) {
    const page = await pager(after, PAGE);
    for (const p of page) {
      const row = computeFeatures(p, s.asOf);
      if (!isBuyerRow(row)) {
        nonBuyers++;
        continue;
      }
      rows.push(row);
      held.push(isHeldOut(p._id) ? 1 : 0);
    }
    if (page.length) after = page[page.length - 1]._id;
    if (isLastPage(page.length, PAGE)) {
      done = true;
      break;
    }
  }
  let chunks = s.chunks;
  if (rows.length) {
    const flat = new Float32Array(rows.length * F);
    rows.forEach((r, i) => flat.set(r, i * F));
    await put(`features-${String(chunks).padStart(4, '0')}.bin`, encodeChunk({ width: F, rows: flat, heldOut: Uint8Array.from(held) }));
    chunks++;
  }
  const heldOut = s.heldOut + held.reduce((a, b) => a + b, 0);
  return { state: { ...s, after, chunks, rows: s.rows + rows.length, heldOut, nonBuyers: (s.nonBuyers ?? 0) + nonBuyers }, done };
}
