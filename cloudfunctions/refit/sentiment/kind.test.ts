import { memoryDb } from '../../common/db/testing/memory-sdk';
import { MAX_REVIEWS_PER_CUSTOMER } from '../../common/sentiment-adapt';
import { createJobRunner, memoryJobPorts } from '../../common/jobs';
import { createModelStore, memoryModelStorePorts } from '../../common/model-store';
import { syntheticShop } from '../../../test/helpers/synthetic-shop';
import type { RefitEnv } from '../types';
import { sentimentRefit } from './kind';
import { REFIT_EVERY_MS } from './schedule';

let clock = Date.parse('2026-12-04T00:00:00Z');
async function setup(n: number) {
  const sp = memoryModelStorePorts(() => new Date(clock));
  const { db } = memoryDb();
  const env: RefitEnv = { db, store: createModelStore(sp), files: sp.files, now: () => clock };
  await addReviews(env, n, 1);
    return { env, runner: createJobRunner({ ...memoryJobPorts(() => clock), files: sp.files }) };
}
/** Reviews of a shop's many customers (a refit takes at most 50 of any one: MAX_REVIEWS_PER_CUSTOMER). */
async function addReviews(env: RefitEnv, n: number, seed: number) {
  const docs = syntheticShop(n, seed).map((r, i) => ({
    _id: `c${i % 60}:${r.key}`,
    openid: `c${i % 60}`,
    name: 'review_submit',
    ts: clock - 1000 - i,
    props: { productId: 'p1', text: r.text, rating: r.label ? 5 : 1 },
  }));
  for (let i = 0; i < docs.length; i += 500) await env.db.insert('events', docs.slice(i, i + 500));
}

describe('refit:sentiment', () => {
  it('resumes phase by phase across invocations (one step per tick) and promotes', async () => {
    const { env, runner } = await setup(2300);
    await runner.start('refit:sentiment', { requestedBy: 'timer' });
    // Each step takes 10 ms of the clock once it has read, so a 5 ms budget allows exactly one step per tick.
    const inner = sentimentRefit.handler(env);
    const handler = { ...inner, step: async (ctx: Parameters<typeof inner.step>[0]) => inner.step(ctx).finally(() => (clock += 10)) };
    const phases: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await runner.tick(handler, { budgetMs: 5 });
      phases.push(`${r.status}:${r.phase}`);
      if (r.status === 'succeeded') break;
      clock += 60_000;
    }
    // A tick reports the phase it leaves the run in: read → adapt → publish. A read step scans up to
    // 5,000 events however many one query answers (100 here, the memory SDK's default as the local
    // cloud's: scripts/local-cloud/db/get-cap.ts), so 2,300 reviews take one read step.
    expect(phases).toEqual(['progress:adapt', 'progress:publish', 'succeeded:publish']);
    const [run] = await runner.runs('refit:sentiment', 1);
    expect(run.result).toMatchObject({ rated: 2300, promoted: true, summary: '本店版评估通过，已上线' });
    // One part of reviews per read step, then the adapted model.
    expect(Object.keys(run.artifacts).sort()).toEqual(['adapted.json', 'model.onnx', 'reviews-0.json'].sort());
    expect((await env.store.state('sentiment')).pointer?.serving).toBe(run.result!.version);
  });

  it('a read step stops scanning once the call’s budget is spent, after one page, and the next step goes on from there', async () => {
    const { env, runner } = await setup(2300);
    await runner.start('refit:sentiment', { requestedBy: 'timer' });
    // Each query of events takes 10 ms of the clock: a 15 ms budget is spent after the first page's.
    const db = env.db;
    const slow = new Proxy(db, {
      get(t, k) {
        const v = Reflect.get(t, k);
        return typeof v === 'function' ? (...a: unknown[]) => ((clock += 10), v.apply(t, a)) : v;
      },
    });
    const handler = sentimentRefit.handler({ ...env, db: slow as typeof db });
    expect(await runner.tick(handler, { budgetMs: 15 })).toMatchObject({ status: 'progress', phase: 'read', steps: 1 });
    const [run] = await runner.runs('refit:sentiment', 1);
    expect(run.state.read).toBe(1000);
    for (let i = 0; i < 10 && (await runner.tick(handler, { budgetMs: 15 })).status !== 'succeeded'; i++) clock += 60_000;
    expect((await runner.runs('refit:sentiment', 1))[0].result).toMatchObject({ rated: 2300, promoted: true });
  });

  it("one client's 20,000 newest reviews do not push the shop's other reviews out of the refit", async () => {
    const { env, runner } = await setup(2300);
    // Newer than every honest review: the whole 20,000-event window of the old read.
    const flood = syntheticShop(20_000, 9).map((r, i) => ({
      _id: `flooder:${r.key}${i}`,
      openid: 'flooder',
      name: 'review_submit',
      ts: clock - 900 + Math.floor(i / 50),
      props: { productId: 'p1', text: r.text, rating: r.label ? 1 : 5 },
    }));
    for (let i = 0; i < flood.length; i += 1000) await env.db.insert('events', flood.slice(i, i + 1000));
    await runner.start('refit:sentiment', { requestedBy: 'timer' });
    const handler = sentimentRefit.handler(env);
    for (let i = 0; i < 20 && (await runner.tick(handler, { budgetMs: 60_000 })).status !== 'succeeded'; i++) clock += 60_000;
    const [run] = await runner.runs('refit:sentiment', 1);
    expect(run.result).toMatchObject({ rated: 2300 + MAX_REVIEWS_PER_CUSTOMER });
  }, 120_000);

  it('schedule: base below the minimum, then first run, then new data or a week', async () => {
    const { env, runner } = await setup(200);
    const ask = async () => {
      const [last] = await runner.runs('refit:sentiment', 1);
      return sentimentRefit.schedule!({ env, lastRun: last ?? null, now: clock });
    };
    expect(await ask()).toMatchObject({ start: false, reason: expect.stringContaining('满 300 条') });
    await addReviews(env, 400, 2);
    expect(await ask()).toMatchObject({ start: true, reason: expect.stringContaining('首次训练') });
    await runner.start('refit:sentiment', { requestedBy: 'timer' });
    const [run] = await runner.runs('refit:sentiment', 1);
    clock += 3_600_000;
    expect(await ask()).toMatchObject({ start: false, reason: expect.stringContaining('新增已评分评价 0 条，满 150 条') });
    clock += 3_600_000;
    const late = syntheticShop(150, 4).map((r, i) => ({ _id: `late${i}`, name: 'review_submit', ts: clock - i, props: { text: r.text, rating: 4 } }));
    await env.db.insert('events', late);
    expect(await ask()).toMatchObject({ start: true, reason: '上次训练后新增已评分评价 150 条' });
    clock = run.createdAt + REFIT_EVERY_MS;
    await env.db.removeWhere('events', { _id: env.db._.in(late.map((d) => d._id)) });
    expect(await ask()).toMatchObject({ start: true, reason: expect.stringContaining('已满 7 天') });
  });
});
