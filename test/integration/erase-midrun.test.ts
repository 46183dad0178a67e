/**
 * PIPL art. 47 with work in flight, through the REAL functions and SDK against the local cloud:
 * one customer (with a unionid in every call) leaves data through every path that stores it —
 * consent, tracked views and a review, imported purchases and an order through `shop`, a grant
 * pushed by WeChat and a campaign notice with its delivery push — while a second customer does the
 * same. A value refit stops with its paging position ON the customer (the last profile it read),
 * and a sentiment refit stops with its position on the customer's review. deleteMyData; then EVERY
 * collection of the store is scanned for the openid, the unionid and the review text: only the
 * kept-by-law list may remain (no run's cursor). The second customer's documents are exactly as
 * before; both refits lost their checkpoint files at once and, started over, finish having read
 * every other customer (review) exactly once and her never.
 */
import { campaignDoc, TPL } from './dispatch-fixtures';
import { describeFindings, scanCollections, scanStorage, unexplained } from '../helpers/footprint';
import { waitUntil } from '../helpers/wait-until';
import { allowedAfterDelete, customerHistory, exportGaps, newestRun, openRefit, refitToEnd, seedOthers, sentimentRunReads, STAFF, type Reply } from './erase-fixtures';
import { startStaffCloud, type IngestCloud } from './track-cloud';

jest.setTimeout(300_000);
// Between other19 and other20 in `_id` order: a walk over profiles has others on both sides.
const ERIN = 'other19erin';
const UNION = 'oUnion_erin_7f3a9c2e41';
const REVIEW = '茶香清雅回味悠长艾琳途中评语';
const BEA = 'zz_bea_stays';
const MARKS = [ERIN, UNION, REVIEW];
/** Reviews by others newer than Erin's: the read's first step (5,000 events) ends on hers. */
const NEWER = 4999;
let c: IngestCloud;
/** Calls as the customer, with the unionid WeChat gives an app bound to an open-platform account. */
let asErin: IngestCloud;

async function footprint(): Promise<void> {
  await customerHistory(c, BEA, '贝雅的评语留着');
  await customerHistory(asErin, ERIN, REVIEW);
  for (const who of [BEA, ERIN]) await c.cloud.subscribe.registerGrants(who, { [TPL]: 'accept' }, { push: true });
  await c.cloud.push.drain();
  expect((await c.call<Reply>('segment', { action: 'run' }, STAFF)).ok).toBe(true);
  const segs = [BEA, ERIN].map((id) => (c.cloud.db.collection('profiles').get(id) as { segment: number }).segment);
  await c.cloud.db.collection('campaigns').insert(campaignDoc('camp1', { segments: [...new Set(segs)], holdoutPct: 0 }));
  expect((await c.call<Reply>('dispatch', { action: 'run' }, STAFF)).ok).toBe(true);
  await c.cloud.push.drain(); // WeChat's "sent" pushes: the delivery records
  for (const who of [BEA, ERIN]) expect([who, c.cloud.db.collection('outbox').count({ openid: who, status: 'sent' })]).toEqual([who, 1]);
}

/** Others' reviews, newer than Erin's and older than now, 150 authors (under the 50 a refit takes of one). */
async function newerReviews(): Promise<string[]> {
  const [mine] = c.cloud.db.collection('events').find({ openid: ERIN, name: 'review_submit' }) as Array<{ ts: number }>;
  const events = Array.from({ length: NEWER }, (_, i) => ({
    _id: `cust${String(i % 150).padStart(3, '0')}:nv${i}`,
    openid: `cust${String(i % 150).padStart(3, '0')}`,
    name: 'review_submit',
    ts: mine.ts + 1 + (i % 500),
    props: { productId: 'p1', text: i % 2 ? `物流很快${i}` : `质量太差${i}`, rating: i % 2 ? 5 : 1 },
  }));
  for (let i = 0; i < NEWER; i += 1000) await c.cloud.db.collection('events').insert(events.slice(i, i + 1000));
  return events.map((e) => e._id);
}

/** Calls `tick` with a budget that starts small and grows only after a call that took no step, until `done`. */
async function stepUntil(what: string, tick: (budgetMs: number) => Promise<Reply>, done: () => boolean): Promise<void> {
  let budgetMs = 5;
  await waitUntil(
    async () => {
      if (done()) return true;
      const r = await tick(budgetMs);
      expect(r.error).toBeUndefined();
      if (!(r.data.refit?.steps ?? r.data.steps)) budgetMs = Math.min(Math.ceil(budgetMs * 1.5), 10_000);
      return false;
    },
    { what, timeoutMs: 120_000, intervalMs: 0 },
  );
}

let others: string[] = [];
let beaBefore: string[] = [];
let gaps: string[] = [];
let deleted: Reply;
/** The two runs' positions just before the deletion. */
let positions: unknown[] = [];
/** The two runs as they stood just before the deletion. */
let before: Array<{ status: string; phase: string; state: Record<string, unknown> }>;

beforeAll(async () => {
  c = await startStaffCloud(STAFF, 3);
  asErin = { ...c, call: (name, event, openid, source = 'wx_client') => c.cloud.invokeFunction(name, event, { openid, unionid: UNION, source }) as Promise<never> };
  await seedOthers(c, Date.now());
  await footprint();
  others = await newerReviews();
  // The value refit, 21 profiles a step: its first read step ends on Erin (other00..other19, Erin).
  await openRefit(c, 'value', 1);
  await stepUntil(
    'the value refit to read up to Erin',
    (budgetMs) => c.call<Reply>('value', { action: 'refit', budgetMs, pageSize: 21 }, STAFF),
    () => newestRun(c, 'refit:value').cursor === ERIN || newestRun(c, 'refit:value').phase !== 'read' && newestRun(c, 'refit:value').phase !== 'start',
  );
  await openRefit(c, 'sentiment', 1);
  await stepUntil(
    'the sentiment refit to read up to Erin',
    (budgetMs) => c.call<Reply>('refit', { action: 'tick', kind: 'refit:sentiment', budgetMs }, STAFF),
    // A step scans up to 5,000 events, fewer when the call's budget is spent first: steps until
    // the read has scanned the 4,999 newer reviews and hers.
    () => Number(newestRun(c, 'refit:sentiment').state?.read ?? 0) >= NEWER + 1,
  );
  positions = [newestRun(c, 'refit:value').cursor, newestRun(c, 'refit:sentiment').cursor];
  before = [newestRun(c, 'refit:value'), newestRun(c, 'refit:sentiment')];
  beaBefore = scanCollections(c.cloud, [BEA]).map((f) => f.text).sort();
  const exported = (await c.call<Reply>('privacy', { action: 'exportMyData' }, ERIN)).data;
  gaps = exportGaps([...scanCollections(c.cloud, MARKS), ...scanStorage(c.dataDir, MARKS)], exported);
  deleted = await c.call<Reply>('privacy', { action: 'deleteMyData' }, ERIN);
}, 600_000);
afterAll(async () => c?.close());

it('both refits were mid-run with their position on the customer when she deleted', () => {
  expect(deleted.ok).toBe(true);
  // Without these the scan below would pass on a position that was never set.
  expect(positions).toEqual([ERIN, { ts: expect.any(Number), id: expect.stringMatching(new RegExp(`^${ERIN}:`)) }]);
  const [value, sentiment] = before;
  expect([value.status, value.phase, value.state.buyers]).toEqual(['running', 'read', 21]);
  expect([sentiment.status, sentiment.phase, sentiment.state.read]).toEqual(['running', 'read', 5000]);
  // The deletion took their checkpoint files and started both over.
  for (const kind of ['refit:value', 'refit:sentiment'])
    expect(newestRun(c, kind)).toMatchObject({ status: 'running', phase: 'start', cursor: null, restartedAt: expect.any(Number) });
});

it('after deleteMyData no collection or stored file holds her openid, unionid or review text outside the kept-by-law list', () => {
  // The refits in flight lost their checkpoint files at once (and start over): nothing waits for retention.
  const after = [...scanCollections(c.cloud, MARKS), ...scanStorage(c.dataDir, MARKS)];
  expect(describeFindings(unexplained(after, allowedAfterDelete(ERIN)))).toEqual([]);
  expect(describeFindings(after.filter((f) => !f.marks.includes(ERIN)))).toEqual([]);
});

it('her export, taken mid-run, hands over or names every store she was found in (run positions included)', () => {
  expect(gaps).toEqual([]);
});

it("the other customer's documents are untouched", () => {
  expect(scanCollections(c.cloud, [BEA]).map((f) => f.text).sort()).toEqual(beaBefore);
});

it('the interrupted refits start over and finish, each other customer (review) read exactly once, hers never', async () => {
  const value = await refitToEnd(c, 'value');
  // Started over from nothing at the deletion: other00..other39 and Bea, not Erin. Resuming on the
  // old checkpoint with the position reset would count the first 20 again; keeping it, her too.
  expect(value.status).toBe('succeeded');
  expect(value.restartedAt).toEqual(expect.any(Number));
  expect(value.state.buyers).toBe(20 + 20 + 1);
  const { run, read } = await sentimentRunReads((await refitToEnd(c, 'sentiment'))._id);
  expect(run.status).toBe('succeeded');
  expect(read.filter((k) => k.startsWith(`${ERIN}:`))).toEqual([]);
  const rest = read.filter((k) => !k.startsWith(`${ERIN}:`));
  expect(rest.length).toBe(new Set(rest).size);
  // Every review in the window but hers: the 4,999 newer, Bea's and the 320 older of seedOthers.
  const events = c.cloud.db.collection('events');
  const window: Array<{ _id: string; ts: number }> = [];
  for (let skip = 0, page; (page = events.find({ name: 'review_submit' }, { skip, limit: 1000, natural: true })).length; skip += page.length)
    window.push(...(page as typeof window));
  expect(rest.sort()).toEqual(window.filter((e) => e.ts <= Number(run.state.until)).map((e) => e._id).sort());
  expect(rest).toEqual(expect.arrayContaining(others));
  // Once both ended, retention's pass changes nothing of this.
  expect((await c.call<Reply>('retention', {}, undefined, 'wx_trigger')).ok).toBe(true);
  const left = [...scanCollections(c.cloud, MARKS), ...scanStorage(c.dataDir, MARKS)];
  expect(describeFindings(unexplained(left, allowedAfterDelete(ERIN)))).toEqual([]);
});
