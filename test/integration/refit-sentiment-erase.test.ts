/**
 * The sentiment refit's read across calls, through the REAL `refit` and `privacy` functions and
 * SDK against the local cloud: a customer whose reviews the run has already read deletes their
 * data between two calls of the resumable run: the run's files go and it starts over, reading every
 * surviving review exactly once and none of hers.
 * The read pages by (ts, `_id`) keyset (refit/sentiment/reviews.ts); the `skip` reader it replaced
 * began its next page as many reviews too late as had been erased before it, and missed them.
 */
import { waitUntil } from '../helpers/wait-until';
import { newestRun, openRefit, refitToEnd, sentimentRunReads, STAFF, type Reply } from './erase-fixtures';
import { startStaffCloud, type IngestCloud } from './track-cloud';

jest.setTimeout(300_000);
let c: IngestCloud;
const ERIN = 'erin_midread';
/** 6,000 reviews (a read step scans 5,000): 150 customers of 40, under the 50 a refit takes of one. */
const N = 6000;
const T0 = Date.now() - 86_400_000;
/** Review i: newest first; Erin wrote ten of the newest hundred, which the first step reads. */
const author = (i: number) => (i < 100 && i % 10 === 0 ? ERIN : `cust${String(i % 150).padStart(3, '0')}`);

beforeAll(async () => {
  c = await startStaffCloud(STAFF, 2);
  expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, ERIN)).ok).toBe(true);
  const events = Array.from({ length: N }, (_, i) => ({
    _id: `${author(i)}:rv${i}`,
    openid: author(i),
    name: 'review_submit',
    // Ten reviews a second: ties of ts, broken by _id.
    ts: T0 - Math.floor(i / 10) * 1000,
    props: { productId: 'p1', text: i % 2 ? `物流很快${i}` : `质量太差${i}`, rating: i % 2 ? 5 : 1 },
  }));
  for (let i = 0; i < N; i += 1000) await c.cloud.db.collection('events').insert(events.slice(i, i + 1000));
}, 120_000);
afterAll(async () => c?.close());

it('a review erased between two calls of the read: every surviving review is read exactly once', async () => {
  await openRefit(c, 'sentiment', 1);
  // One read step, then stop: the budget starts at 5 ms and doubles only after a call that took no
  // step (the lease alone outlasted it); a step stops scanning once the budget is spent, after its
  // first page (10 answers of 100), so it has read Erin's ten and not the rest.
  let budgetMs = 5;
  await waitUntil(
    async () => {
      const run = newestRun(c, 'refit:sentiment');
      if (run.steps > 0) return true;
      const r = await c.call<Reply>('refit', { action: 'tick', kind: 'refit:sentiment', budgetMs }, STAFF);
      expect(r.error).toBeUndefined();
      if (!r.data.steps) budgetMs = Math.min(budgetMs * 2, 10_000);
      return false;
    },
    { what: 'the first read step', timeoutMs: 120_000, intervalMs: 0 },
  );
  const first = newestRun(c, 'refit:sentiment');
  expect(first).toMatchObject({ status: 'running', phase: 'read', steps: 1, state: { parts: 1 } });
  // Whole pages of 1,000, at most the 5,000 a step scans (more than one only if the budget grew).
  expect([1000, 2000, 3000, 4000, 5000]).toContain(first.state.read);

  const del = await c.call<Reply>('privacy', { action: 'deleteMyData' }, ERIN);
  expect(del.ok).toBe(true);
  expect(c.cloud.db.collection('events').count({ openid: ERIN })).toBe(0);

  const { run, read } = await sentimentRunReads((await refitToEnd(c, 'sentiment'))._id);
  expect(run.status).toBe('succeeded');
  const survivors = Array.from({ length: N }, (_, i) => i).filter((i) => author(i) !== ERIN).map((i) => `${author(i)}:rv${i}`);
  // Erin's ten were read before she left; the deletion took that checkpoint and the run started over.
  expect(run.restartedAt).toEqual(expect.any(Number));
  expect(read.filter((k) => k.startsWith(`${ERIN}:`))).toEqual([]);
  const others = read.filter((k) => !k.startsWith(`${ERIN}:`));
  expect(others.length).toBe(new Set(others).size);
  expect(others.sort()).toEqual(survivors.sort());
  expect(run.result).toMatchObject({ rated: N - 10 });
});
