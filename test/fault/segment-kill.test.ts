/**
 * The segment job under a SIGKILL: the REAL segment function (esbuild bundle, child process,
 * real wx-server-sdk, real ONNX model) is killed mid-pass — in the middle of a page's profile
 * writes — on the full local cloud. Later calls resume from the cursor in `jobs/segment` once the
 * dead call's lease has expired. Invariants: every profile is scored and written, the pass records
 * exactly one segment_history entry per customer whose segment changed (all of them: the first
 * pass), no duplicates, and exactly one segment_runs snapshot counting every profile once.
 */
import { buyerProfile } from '../helpers/profiles';
import { startIngestCloud, type IngestCloud } from '../integration/track-cloud';

/** A buyer profile built by the real reducer (see test/helpers/profiles). */
const profile = (id: string, now: number, buysDaysAgo: number[], fen: number) =>
  buyerProfile(id, now, buysDaysAgo, { fen, productId: 'p', categoryId: 'c1' }) as unknown as Record<
    string,
    unknown
  >;

jest.setTimeout(240_000); // ~30 s at load 15; CI machines reach load 20

type Reply = {
  ok: boolean;
  data?: { status: string; passId: string | null; scored: number };
  error?: { code: string };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const N = 600;
const PAGE = 100;

let c: IngestCloud;
beforeAll(async () => {
  c = await startIngestCloud(2);
  const now = Date.now();
  const docs = Array.from({ length: N }, (_, i) => {
    const id = `k${String(i).padStart(5, '0')}`;
    if (i % 3 === 0) return profile(id, now, [1, 4, 9, 20, 33, 60], 30000);
    if (i % 3 === 1) return profile(id, now, [300 + (i % 50)], 900);
    return profile(id, now, [2 + (i % 20)], 5000);
  });
  await c.cloud.db.collection('profiles').insert(docs);
}, 120_000);
afterAll(async () => c?.close());

const segmented = () => c.cloud.db.collection('profiles').count({ modelVersion: { $exists: true } });

describe('segment job killed mid-pass', () => {
  it('resumes from the cursor: every profile scored once, one history entry each, one snapshot', async () => {
    const t0 = Date.now();
    await c.call('segment', { action: 'status' }, undefined, 'wx_devtools'); // operator's tool; bundle + warm instance before timing the kill
    const run = () => c.call<Reply>('segment', { action: 'run', pageSize: PAGE, budgetMs: 1000 }, undefined, 'wx_devtools');
    // SIGKILL in the middle of a page after the first (the cursor is past page 1, this page is
    // partly written); a call that ends at its budget first is followed by the next one
    let call: { done: boolean; result: Promise<Reply | Error> } | null = null;
    const start = () => {
      const c0 = { done: false, result: run().catch((e: Error) => e) };
      void c0.result.then(() => (c0.done = true));
      return c0;
    };
    let victim: number | undefined;
    // bounded by time, not by turns: a loaded machine may need many more turns to catch a page mid-way
    for (const deadline = Date.now() + 150_000; victim === undefined && Date.now() < deadline;) {
      if (!call || call.done) call = start();
      const n = segmented();
      const busy = c.cloud.runtime.instances('segment').filter((x) => x.state === 'busy' && x.pid);
      if (n > PAGE && n % PAGE >= 10 && n % PAGE <= PAGE - 10 && busy.length === 1) victim = busy[0].pid;
      else await sleep(2);
    }
    expect(victim).toBeDefined();
    process.kill(victim!, 'SIGKILL');
    expect(await call!.result).toBeInstanceOf(Error);
    const atKill = segmented();
    const job = c.cloud.db.collection('jobs').get('segment')!;
    const passId = job.passId as string;
    console.info(
      `[fault] segment killed with ${atKill}/${N} profiles written, cursor=${job.cursor || '(start)'}`,
    );
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(N);
    expect(passId).toMatch(/^run-/);

    // while the dead call's lease holds, nobody else scores
    expect((await c.call<Reply>('segment', { action: 'run' }, undefined, 'wx_devtools')).data?.status).toBe('busy');
    await sleep(Math.max(0, (job.leaseUntil as number) - Date.now() + 100));

    let last: Reply | null = null;
    for (let i = 0; i < 20 && last?.data?.status !== 'completed'; i++) {
      last = await c.call<Reply>('segment', { action: 'run', pageSize: PAGE, budgetMs: 1000 }, undefined, 'wx_devtools');
      expect(last.error).toBeUndefined();
    }
    expect(last?.data).toMatchObject({ status: 'completed', passId });

    const profiles = c.cloud.db.collection('profiles').find({}, { limit: 100000 });
    expect(profiles).toHaveLength(N);
    for (const p of profiles) {
      expect(typeof p.segment).toBe('number');
      expect(p.segmentedRev).toBe(1);
    }
    const history = c.cloud.db.collection('segment_history').find({ passId }, { limit: 100000 });
    const per = new Map<string, number>();
    for (const h of history) per.set(h.openid as string, (per.get(h.openid as string) ?? 0) + 1);
    expect([...per.values()].filter((n) => n > 1)).toEqual([]); // no duplicates
    expect(per.size).toBe(N); // first pass: every customer's segment changed once
    for (const p of profiles) {
      const h = history.find((x) => x.openid === p._id)!;
      expect([h.from, h.to]).toEqual([null, p.segment]);
    }
    const runs = c.cloud.db.collection('segment_runs').find({});
    expect(runs).toHaveLength(1);
    expect(runs[0]._id).toBe(passId);
    expect(runs[0].total).toBe(N);
    const bySegment = new Map<string, number>();
    for (const p of profiles) bySegment.set(String(p.segment), (bySegment.get(String(p.segment)) ?? 0) + 1);
    expect(runs[0].counts).toEqual(Object.fromEntries(bySegment));
    expect(c.cloud.db.collection('jobs').get('segment')).toMatchObject({
      passId: null,
      lastRunId: passId,
      leaseUntil: 0,
    });
    console.info(`[fault] segment-kill done in ${Date.now() - t0} ms`);
  });
});
