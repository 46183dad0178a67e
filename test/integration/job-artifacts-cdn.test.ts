/**
 * A job run's artifacts through the REAL wx-server-sdk against the local cloud, under both readings
 * of the storage CDN on an overwrite (scripts/local-cloud/storage/cdn-cache.ts): a name written
 * again — a value refit's checkpoint slot, its blend rewriting the model — must read back as its
 * new content, even when a link to the old one was issued in the same second (the same URL, which
 * a CDN keyed by URL answers from its cache). A rewrite never stores over its old path
 * (common/jobs/artifact-store.ts), and every file it stored stays named by the run.
 */
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { createJobRunner } from '../../cloudfunctions/common/jobs/runner';
import { wxJobDb } from '../../cloudfunctions/common/jobs/wx-ports';
import type { JobHandler } from '../../cloudfunctions/common/jobs/types';
import { wxModelFiles } from '../../cloudfunctions/common/model-store/wx-ports';
import type { CdnOnOverwrite } from '../../scripts/local-cloud/storage/cdn-cache';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

/** Reads `ckpt.bin`, writes it again, reads it again: all in one frozen second of the storage's clock. */
const rewriting: JobHandler = {
  kind: 'refit:ckpt',
  async step(ctx) {
    if (ctx.run.phase === 'start') {
      await ctx.putArtifact('ckpt.bin', Buffer.from('checkpoint 1'));
      return { phase: 'rewrite', yield: true };
    }
    const before = (await ctx.getArtifact('ckpt.bin')).toString();
    await ctx.putArtifact('ckpt.bin', Buffer.from('checkpoint 2'));
    const after = (await ctx.getArtifact('ckpt.bin')).toString();
    return { done: true, result: { before, after } };
  },
};

describe.each<CdnOnOverwrite>(['serve', 'fresh'])('with cdnOnOverwrite %s', (rule) => {
  let tc: TestCloud;
  beforeAll(async () => {
    // The storage's clock stands still: every link of a path has the same t, so the same URL.
    tc = await startTestCloud({ schema: true, storage: { cdnOnOverwrite: rule, nowSec: () => 2_000_000_000 } });
    Object.assign(process.env, tc.env);
  });
  afterAll(() => tc.close());

  it('reads a rewritten artifact as its new content, and names every file it stored', async () => {
    const sdk = loadSdk('local');
    const files = wxModelFiles(sdk);
    const jobs = wxJobDb(new Db(sdk.database()));
    const runner = createJobRunner({ db: jobs, files });
    const { runId } = await runner.start(rewriting.kind, { requestedBy: 'timer' });
    expect(await runner.tick(rewriting)).toMatchObject({ status: 'progress' });
    expect(await runner.tick(rewriting)).toMatchObject({ status: 'succeeded' });
    const run = (await jobs.getRun(runId))!;
    expect(run.result).toEqual({ before: 'checkpoint 1', after: 'checkpoint 2' });
    // The name points at the new file; the old one is deleted; every key names a file of this run.
    expect((await files.download(run.artifacts['ckpt.bin'])).toString()).toBe('checkpoint 2');
    const ids = new Set(Object.values(run.artifacts));
    expect(ids.size).toBe(2);
    const links = (await sdk.getTempFileURL({ fileList: [...ids] })).fileList as Array<{ fileID: string; status: number }>;
    expect(links.filter((l) => l.status === 0).map((l) => l.fileID)).toEqual([run.artifacts['ckpt.bin']]);
  });
});
