import { memoryDb } from '../../common/db/testing/memory-sdk';
import { createJobRunner, memoryJobPorts, type JobHandler } from '../../common/jobs';
import { createModelStore, memoryModelStorePorts } from '../../common/model-store';
import { syntheticShop } from '../../../test/helpers/synthetic-shop';
import type { RefitEnv } from '../types';
import { sentimentRefit } from './kind';
import { readState, SKIP_PAGER_RESTART } from './read-state';
import type { ReviewRow } from './reviews';

let clock = Date.parse('2026-12-07T00:00:00Z');
const now = () => clock;

/** 2,300 reviews of 60 customers (c<i % 60>), newest first by index. */
async function shop() {
  const sp = memoryModelStorePorts(() => new Date(clock));
  const { db } = memoryDb();
  const env: RefitEnv = { db, store: createModelStore(sp), files: sp.files, now };
  const docs = syntheticShop(2300, 1).map((r, i) => ({
    _id: `c${i % 60}:${r.key}`,
    openid: `c${i % 60}`,
    name: 'review_submit',
    ts: clock - 1000 - i,
    props: { productId: 'p1', text: r.text, rating: r.label ? 5 : 1 },
  }));
  for (let i = 0; i < docs.length; i += 500) await db.insert('events', docs.slice(i, i + 500));
  return { env, docs, files: sp.files, runner: createJobRunner({ ...memoryJobPorts(now), files: sp.files }) };
}

describe('a read checkpointed by the skip reader, resumed by the keyset reader', () => {
  it('starts the read again within the same window, says why, and reads every review once', async () => {
    const { env, docs, files, runner } = await shop();
    await runner.start('refit:sentiment', { requestedBy: 'timer' });
    // The skip reader's first step, as it checkpointed: 1,000 events read, one part, no cursor.
    const until = clock;
    const part: ReviewRow[] = docs.slice(0, 1000).map((d) => ({ key: d._id, text: d.props.text, rating: d.props.rating }));
    const old: JobHandler = {
      kind: 'refit:sentiment',
      async step(ctx) {
        await ctx.putArtifact('reviews-0.json', Buffer.from(JSON.stringify(part)));
        return { phase: 'read', state: { until, read: 1000, parts: 1 }, yield: true };
      },
    };
    expect(await runner.tick(old)).toMatchObject({ status: 'progress', phase: 'read', steps: 1 });
    // Meanwhile a customer of the first 1,000 erased their data: the skip reader would now skip 1,000
    // of what is left and miss the 17 reviews that moved up into the first thousand.
    await env.db.removeWhere('events', { openid: 'c7' });
    clock += 60_000;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handler = sentimentRefit.handler(env);
    for (let i = 0; i < 10 && (await runner.tick(handler, { budgetMs: 60_000 })).status !== 'succeeded'; i++) clock += 60_000;
    const [run] = await runner.runs('refit:sentiment', 1);
    const erin = docs.filter((d) => d.openid === 'c7').length;
    expect(run.state).toMatchObject({ until, pager: 'keyset', restarted: { reason: SKIP_PAGER_RESTART, read: 1000, parts: 1, at: expect.any(Number) } });
    expect(run.result).toMatchObject({ rated: 2300 - erin });
    // The fitted reviews are the survivors, each once: none of the erased customer's, none missed.
    const fitted: string[] = [];
    for (let i = 0; i < Number(run.state.parts); i++)
      fitted.push(...(JSON.parse((await files.download(run.artifacts[`reviews-${i}.json`])).toString('utf8')) as ReviewRow[]).map((r) => r.key));
    expect(fitted.sort()).toEqual(docs.filter((d) => d.openid !== 'c7').map((d) => d._id).sort());
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/read phase restarted \(skip_pager_checkpoint: 1000 events/);
    warn.mockRestore();
  }, 60_000);
});

describe('readState', () => {
  const run = (phase: string, state: Record<string, unknown>) => ({ _id: 'r', phase, state, createdAt: 5, cursor: null }) as never;
  it('goes on from a keyset checkpoint, a fresh run, and the phases after read', () => {
    expect(readState(run('start', {}), 9)).toEqual({ until: 5, read: 0, parts: 0, pager: 'keyset' });
    expect(readState(run('read', { until: 4, read: 7, parts: 1, pager: 'keyset' }), 9)).toEqual({ until: 4, read: 7, parts: 1, pager: 'keyset' });
    expect(readState(run('adapt', { until: 4, read: 7, parts: 1 }), 9)).toEqual({ until: 4, read: 7, parts: 1, pager: 'keyset' });
  });
  it("restarts a skip reader's read checkpoint and keeps what it had read in `restarted`", () => {
    expect(readState(run('read', { until: 4, read: 7000, parts: 2 }), 9)).toEqual({
      until: 4,
      read: 0,
      parts: 0,
      pager: 'keyset',
      restarted: { at: 9, reason: SKIP_PAGER_RESTART, read: 7000, parts: 2 },
    });
  });
});
