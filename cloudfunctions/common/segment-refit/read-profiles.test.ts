import type { ReducedProfile } from '../profile/types';
import { PAGE } from './config';
import { readChunk, type ProfilePager, type ReadState } from './read-profiles';

const profile = (i: number) => ({ _id: `o${String(i).padStart(5, '0')}`, d: {} }) as unknown as ReducedProfile & { _id: string };

/** A pager over `n` profiles whose cloud answers at most `cap` per query, whatever the limit. */
const capped =
  (n: number, cap: number): ProfilePager =>
  async (after, limit) =>
    Array.from({ length: n }, (_, i) => profile(i))
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
});
