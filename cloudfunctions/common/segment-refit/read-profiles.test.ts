import type { ReducedProfile } from '../profile/types';
import { FEATURE_SPEC } from '../features';
import { isBuyerRow } from '../segments/non-buyers';
import { PAGE } from './config';
import { decodeChunk } from './feature-chunks';
import { readChunk, type ProfilePager, type ReadState } from './read-profiles';

/** Profile `i`: a buyer unless `i` is in `nonBuyers` (no purchase recorded). */
const profile = (i: number, nonBuyers?: (i: number) => boolean) =>
  ({ _id: `o${String(i).padStart(5, '0')}`, d: {}, ...(nonBuyers?.(i) ? {} : { lastPurchaseAt: Date.UTC(2026, 0, 1) }) }) as unknown as ReducedProfile & { _id: string };

/** A pager over `n` profiles whose cloud answers at most `cap` per query, whatever the limit. */
const capped =
  (n: number, cap: number, nonBuyers?: (i: number) => boolean): ProfilePager =>
  async (after, limit) =>
    Array.from({ length: n }, (_, i) => profile(i, nonBuyers))
      .filter((p) => p._id > after)
      .slice(0, Math.min(limit, cap));

describe('readChunk', () => {
  it('reads every profile when the cloud caps pages at 100 (a short page is not the end)', async () => {
    const s: ReadState = { asOf: Date.now(), after: '', chunks: 0, rows: 0, heldOut: 0 };
    const r = await readChunk(capped(250, 100), s, async () => undefined, () => 0);
    expect(PAGE).toBeGreaterThan(100);
    expect(r.done).toBe(true);
    expect(r.state.rows).toBe(250);
  });

  it('ends on a page shorter than 100', async () => {
    const s: ReadState = { asOf: Date.now(), after: '', chunks: 0, rows: 0, heldOut: 0 };
    const r = await readChunk(capped(42, 1000), s, async () => undefined, () => 0);
    expect(r).toMatchObject({ done: true, state: { rows: 42 } });
  });

  it('leaves customers without an order out of the fit and the guard, and counts them', async () => {
    const s: ReadState = { asOf: Date.now(), after: '', chunks: 0, rows: 0, heldOut: 0 };
    const chunks: Buffer[] = [];
    const r = await readChunk(capped(300, 1000, (i) => i % 3 === 0), s, async (_n, b) => chunks.push(b), () => 0);
    expect(r.state).toMatchObject({ rows: 200, nonBuyers: 100 });
    const rows = decodeChunk(chunks[0], FEATURE_SPEC.features.length);
    expect(rows.heldOut).toHaveLength(200);
    for (let i = 0; i < 200; i++) expect(isBuyerRow(rows.rows, i * FEATURE_SPEC.features.length)).toBe(true);
  });
});
