/**
 * Fault: a refit-style job killed with SIGKILL mid-run resumes from its last checkpoint and ends
 * with the exact result — no step lost or counted twice — through the REAL wx-server-sdk against
 * the local cloud. The child ticks the job (lease 4 s, renewed at every checkpoint); after the kill, a tick in this
 * process is refused while the dead child's lease lasts, then takes over and finishes.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';
import { waitUntil } from '../helpers/wait-until';
import { KIND, LEASE_MS, N, runnerFor, sumJob } from './fixtures/sum-job';

const CHILD = path.resolve(__dirname, 'fixtures/sum-job.ts');
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ schema: true });
  Object.assign(process.env, t.env, { SILENCE: 'true' });
});
afterAll(() => t.close());

it('resumes a killed job from its checkpoint to the exact result', async () => {
  const sdk = loadSdk('local');
  const runner = runnerFor(sdk);
  const { runId } = await runner.start(KIND, { requestedBy: 'timer' });
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  // wait until the child has checkpointed some steps
  // (the child compiles with tsx first: seconds under load)
  await waitUntil(() => ((t.cloud.db.collection('job_runs').get(runId) as { steps?: number } | null)?.steps ?? 0) >= 8, {
    what: 'eight checkpointed steps',
    timeoutMs: 120_000,
    intervalMs: 100,
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const atKill = t.cloud.db.collection('job_runs').get(runId) as {
    steps: number;
    cursor: number;
    leaseId: string | null;
  };
  expect(atKill.steps).toBeGreaterThanOrEqual(8);
  expect(atKill.cursor).toBeLessThan(N);
  expect(atKill.leaseId).not.toBeNull(); // it died holding the lease

  expect((await runner.tick(sumJob, { budgetMs: 60_000 })).status).toBe('busy');
  await new Promise((r) => setTimeout(r, LEASE_MS + 100));
  const r = await runner.tick(sumJob, { budgetMs: 60_000 });
  expect(r).toMatchObject({ status: 'succeeded', runId });
  const [run] = await runner.runs(KIND);
  expect(run).toMatchObject({ status: 'succeeded', result: { sum: (N * (N + 1)) / 2 }, invocations: 2 });
  expect(err).toBe('');
}, 240_000);
