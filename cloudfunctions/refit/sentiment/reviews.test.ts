import fc from 'fast-check';
import { memoryDb } from '../../common/db/testing/memory-sdk';
import type { SortCursor } from '../../common/db/sorted-page';
import { reviewPage } from './reviews';

const UNTIL = 1_000_000;

/** A review event (`n`: its number) of customer `c % 5` at `ts`; every fifth is not a review. */
const event = (n: number, ts: number) => ({
  _id: `c${n % 5}:e${String(n).padStart(4, '0')}`,
  name: n % 5 === 4 ? 'page_view' : 'review_submit',
  ts,
  props: { text: `评价${n}`, rating: 1 + (n % 5) },
});

/** (ts, _id) descending, the read's order. */
const after = (a: { ts: number; _id: string }, b: { ts: number; _id: string }) => a.ts < b.ts || (a.ts === b.ts && a._id < b._id);

describe('reviewPage (keyset on ts, _id)', () => {
  it('reads every review in the window exactly once under tied timestamps, capped answers and erasures or arrivals between pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Timestamps from a few values (many ties), some after the window's end.
        fc.array(fc.integer({ min: UNTIL - 4, max: UNTIL + 1 }), { minLength: 0, maxLength: 400 }),
        fc.integer({ min: 1, max: 250 }),
        // The cloud's cap of one answer (100 or 1,000: fill-page.ts); a page is filled past it.
        fc.constantFrom(100, 1000),
        fc.integer({ min: 0, max: 2 ** 31 }),
        // After page p: erase up to e events anywhere (read or not yet), add up to a in the window.
        fc.array(fc.tuple(fc.nat(4), fc.nat(3)), { maxLength: 40 }),
        async (stamps, limit, pageCap, seed, churn) => {
          const { db } = memoryDb({ pageCap, resultOrder: 'shuffled', resultOrderSeed: seed });
          const docs = stamps.map((ts, i) => event(i, ts));
          if (docs.length) await db.insert('events', docs);
          const live = new Map(docs.map((d) => [d._id, d]));
          const all = new Map(live);
          const erased = new Set<string>();
          const added = new Set<string>();
          const read: string[] = [];
          let cursor: SortCursor | undefined;
          let rnd = seed;
          const pick = () => ((rnd = (rnd * 1103515245 + 12345) >>> 0) % 1000) / 1000;
          for (let p = 0; p < 2000; p++) {
            const page = await reviewPage(db, UNTIL, cursor, limit);
            expect(page.scanned).toBeLessThanOrEqual(limit);
            read.push(...page.rows.map((r) => r.key));
            if (page.last) break;
            expect(p).toBeLessThan(1999);
            cursor = page.next;
            const [erase, add] = churn[p] ?? [0, 0];
            for (let k = 0; k < erase && live.size; k++) {
              const id = [...live.keys()][Math.floor(pick() * live.size)];
              await db.removeWhere('events', { _id: id });
              live.delete(id);
              erased.add(id);
            }
            for (let k = 0; k < add; k++) {
              const d = event(1000 + 10 * p + k, UNTIL - Math.floor(pick() * 5));
              await db.insert('events', [d]);
              live.set(d._id, d);
              all.set(d._id, d);
              added.add(d._id);
            }
          }
          // Never twice; nothing after the window, nothing but reviews.
          expect(new Set(read).size).toBe(read.length);
          for (const id of read) {
            const d = all.get(id)!;
            expect(d.ts).toBeLessThanOrEqual(UNTIL);
            expect(d.name).toBe('review_submit');
          }
          // Every review there from the start and never erased: read, whatever moved around it.
          const survivors = docs.filter((d) => d.name === 'review_submit' && d.ts <= UNTIL && !erased.has(d._id)).map((d) => d._id);
          expect(read.filter((id) => !added.has(id) && !erased.has(id)).sort()).toEqual(survivors.sort());
          // In (ts, _id) descending order, as the keyset walks.
          const rows = read.map((id) => all.get(id)!);
          for (let i = 1; i < rows.length; i++) if (!added.has(rows[i]._id) && !added.has(rows[i - 1]._id)) expect(after(rows[i], rows[i - 1])).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('answers the next position (the last event scanned, rated or not) and last on the final page', async () => {
    const { db } = memoryDb();
    await db.insert('events', [event(0, UNTIL), { ...event(1, UNTIL - 1), props: { text: 3 } }, event(2, UNTIL - 2)]);
    const first = await reviewPage(db, UNTIL, undefined, 2);
    expect(first).toEqual({ rows: [{ key: 'c0:e0000', text: '评价0', rating: 1 }], scanned: 2, last: false, next: { value: UNTIL - 1, _id: 'c1:e0001' } });
    const second = await reviewPage(db, UNTIL, first.next, 2);
    expect(second).toMatchObject({ rows: [{ key: 'c2:e0002' }], scanned: 1, last: true });
    expect(await reviewPage(db, UNTIL, second.next, 2)).toEqual({ rows: [], scanned: 0, last: true });
  });
});
