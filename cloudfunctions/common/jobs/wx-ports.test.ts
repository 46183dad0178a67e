import { loseAddAnswers } from '../db/testing/lost-answer';
import { memoryDb, memorySdk } from '../db/testing/memory-sdk';
import { Db } from '../db/wx-db';
import { memoryModelFiles } from '../model-store/memory-ports';
import { createJobRunner, newJobRun } from './runner';
import { wxJobDb } from './wx-ports';

describe('wxJobDb stores artifact names as legal field names', () => {
  it('writes legal keys, reads names back, and carries old plain- and ~-keyed runs forward', async () => {
    const { db, tables } = memoryDb();
    const jobs = wxJobDb(db);
    const stored = (id: string) => tables.get('job_runs')!.get(id)!.artifacts;
    await jobs.insertRun({ ...newJobRun('k@1', 'k', 'timer', {}, 1), artifacts: { 'a.json': 'cloud://a' } });
    expect(stored('k@1')).toEqual({ q_a_2ejson: 'cloud://a' });
    expect(await jobs.acquireLease('k@1', 5, 100, 'L')).toBe(true);
    expect(await jobs.saveRun('k@1', 'L', { artifacts: { 'a.json': 'cloud://a', 'b.gz': 'cloud://b' } })).toBe(true);
    expect(stored('k@1')).toEqual({ q_a_2ejson: 'cloud://a', q_b_2egz: 'cloud://b' });
    expect((await jobs.getRun('k@1'))!.artifacts).toEqual({ 'a.json': 'cloud://a', 'b.gz': 'cloud://b' });

    // A run begun before the escape (plain names, on a server that stored them), still in flight.
    tables.get('job_runs')!.set('k@0', { ...newJobRun('k@0', 'k', 'timer', {}, 0), artifacts: { 'h-0.json': 'cloud://h' } });
    expect((await jobs.getRun('k@0'))!.artifacts).toEqual({ 'h-0.json': 'cloud://h' });
    expect(await jobs.acquireLease('k@0', 5, 100, 'M')).toBe(true);
    expect(await jobs.saveRun('k@0', 'M', { artifacts: { 'h-0.json': 'cloud://h', 'h-1.json': 'cloud://i' } })).toBe(true);
    // Names are added one by one, so the old plain key stays beside the escaped one (same name, same file).
    expect(stored('k@0')).toEqual({ 'h-0.json': 'cloud://h', q_h_2d0_2ejson: 'cloud://h', q_h_2d1_2ejson: 'cloud://i' });
    // One stored with the session-11 escape (`~2e`) reads back the same.
    tables.get('job_runs')!.set('k@00', { ...newJobRun('k@00', 'k', 'timer', {}, 0), artifacts: { 'h-0~2ejson': 'cloud://h' } });
    expect((await jobs.getRun('k@00'))!.artifacts).toEqual({ 'h-0.json': 'cloud://h' });
    const names = (await jobs.listRuns('k', 5)).map((r) => Object.keys(r.artifacts).join(','));
    expect(names.sort()).toEqual(['a.json,b.gz', 'h-0.json', 'h-0.json,h-1.json']);
  });
});

describe('wxJobDb: a kind’s first slot after an answer lost', () => {
  it('a start whose slot insert was stored but answered -501001 keeps its run active', async () => {
    // wx-server-sdk reports a lost answer as -501001, the code a duplicate _id arrives with.
    const sdk = loseAddAnswers(memorySdk(), 'jobs');
    const runner = createJobRunner({ db: wxJobDb(new Db(sdk)), files: memoryModelFiles(), now: () => 1_000 });
    const { runId, created } = await runner.start('k', { requestedBy: 'timer' });
    expect(created).toBe(true);
    expect(sdk.tables.get('jobs')!.get('runner:k')).toMatchObject({ active: runId });
    expect(sdk.tables.get('job_runs')!.get(runId)).toMatchObject({ status: 'running' });
    // Another start finds it running, and a taken slot still reads as taken.
    expect(await runner.start('k', { requestedBy: 'staff' })).toEqual({ runId, created: false });
    expect(await wxJobDb(new Db(memorySdk(sdk.tables))).swapSlot('k', null, { active: 'other' })).toBe(false);
  });
});

describe.each(['match', 'nomatch'] as const)('wxJobDb: an idle slot under QX_NULL_EQ=%s', (nullEq) => {
  it('a kind starts again after its first run ended, and legacy idle slots are taken too', async () => {
    // Under 'nomatch' (SQL's `active = NULL`), a slot stored as null could never be taken again.
    const { db, tables } = memoryDb({ nullEq });
    const jobs = wxJobDb(db);
    expect(await jobs.swapSlot('k', null, { active: 'r1' })).toBe(true);
    expect(await jobs.swapSlot('k', null, { active: 'r9' })).toBe(false);
    expect(await jobs.swapSlot('k', 'r1', { active: null, lastRun: 'r1' })).toBe(true);
    expect(await jobs.getSlot('k')).toEqual({ _id: 'k', active: null, lastRun: 'r1' });
    expect(await jobs.swapSlot('k', null, { active: 'r2' })).toBe(true);
    expect(await jobs.getSlot('k')).toEqual({ _id: 'k', active: 'r2', lastRun: 'r1' });
    expect(await jobs.swapSlot('k', null, { active: 'r3' })).toBe(false);

    // A slot from before the sentinel with no `active` at all, or one that stored null, is idle
    // under both readings (the null one is found by its missing marker, not by `active`).
    tables.get('jobs')!.set('runner:m', { _id: 'runner:m', lastRun: 'm0' });
    expect(await jobs.swapSlot('m', null, { active: 'm1' })).toBe(true);
    tables.get('jobs')!.set('runner:n', { _id: 'runner:n', active: null, lastRun: 'n0' });
    expect(await jobs.swapSlot('n', null, { active: 'n1' })).toBe(true);
    expect(await jobs.getSlot('n')).toEqual({ _id: 'n', active: 'n1', lastRun: 'n0' });
    expect(await jobs.swapSlot('n', null, { active: 'n2' })).toBe(false);
  });

  it('two starters racing for a legacy null slot: exactly one takes it', async () => {
    const { db, tables } = memoryDb({ nullEq });
    const jobs = wxJobDb(db);
    for (let i = 0; i < 20; i++) {
      tables.get('jobs')?.delete('runner:x');
      await jobs.swapSlot('x', null, { active: 'seed' }); // creates the collection's slot
      tables.get('jobs')!.set('runner:x', { _id: 'runner:x', active: null, lastRun: null });
      const won = await Promise.all(['a', 'b', 'c'].map((r) => jobs.swapSlot('x', null, { active: r })));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(['a', 'b', 'c']).toContain((await jobs.getSlot('x'))!.active);
    }
  });
});

describe('wxJobDb while reads lag the writes', () => {
  it('a run that finished is not run again by a tick whose reads still show it running', async () => {
    let t = 1_000;
    const { db, replica, tables } = memoryDb({ staleReadMs: 600_000 });
    const runner = createJobRunner({ db: wxJobDb(db), files: memoryModelFiles(), now: () => t });
    const { runId } = await runner.start('k', { requestedBy: 'timer' });
    replica!.catchUp();
    let finishes = 0;
    const handler = { kind: 'k', step: async () => ({ done: true as const, result: { n: ++finishes } }) };
    expect(await runner.tick(handler)).toMatchObject({ status: 'succeeded' });
    t += 1_000;
    // The slot and the run read back as they were before the first tick finished (running): the
    // lease is refused, so the last step (a refit's publish) is not done a second time.
    expect(await runner.tick(handler)).toMatchObject({ status: 'busy', runId });
    expect(finishes).toBe(1);
    expect(tables.get('job_runs')!.get(runId)).toMatchObject({ status: 'succeeded', result: { n: 1 } });
  });

  it("a tick working from a lagging read of its run keeps the checkpoints named since, so none is left in storage unnamed", async () => {
    let t = 1_000;
    const { db, replica, tables } = memoryDb({ staleReadMs: 600_000 });
    const runner = createJobRunner({ db: wxJobDb(db), files: memoryModelFiles(), now: () => t });
    const { runId } = await runner.start('k', { requestedBy: 'timer' });
    replica!.catchUp();
    let n = 0;
    const handler = {
      kind: 'k',
      async step(ctx: { putArtifact(name: string, content: Buffer): Promise<string> }) {
        n++;
        await ctx.putArtifact(`part-${n}.json`, Buffer.from(`checkpoint ${n}`));
        t += 50_000;
        return { done: false as const, phase: `p${n}` };
      },
    };
    expect(await runner.tick(handler, { budgetMs: 40_000 })).toMatchObject({ status: 'progress', steps: 1 });
    t += 100_000;
    // The second tick reads the run as it was before the first one's writes (no part-1 named).
    expect(await runner.tick(handler, { budgetMs: 40_000 })).toMatchObject({ status: 'progress', steps: 1 });
    replica!.catchUp();
    expect(Object.keys((await wxJobDb(db).getRun(runId))!.artifacts).sort()).toEqual(['part-1.json', 'part-2.json']);
    expect(Object.keys(tables.get('job_runs')!.get(runId)!.artifacts as object)).toHaveLength(2);
  });
});
