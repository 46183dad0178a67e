/**
 * The job runner's database port through the REAL wx-server-sdk against the local cloud: saving
 * under the lease succeeds even when the patch changes nothing (the database counts modified
 * documents; a refit that uploads an artifact again under its own name — the value refit's blend
 * rewrites its model file — must not read that as a lost lease), and fails under another lease.
 */
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { newJobRun } from '../../cloudfunctions/common/jobs/runner';
import { wxJobDb } from '../../cloudfunctions/common/jobs/wx-ports';
import type { JobRun } from '../../cloudfunctions/common/jobs/types';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

let tc: TestCloud;
beforeAll(async () => {
  tc = await startTestCloud({ schema: true });
  Object.assign(process.env, tc.env);
});
afterAll(() => tc.close());

it('saves under its lease whether or not the patch changes the run, and never under another', async () => {
  const jobs = wxJobDb(new Db(loadSdk('local').database()));
  const run: JobRun = { ...newJobRun('refit:value@1', 'refit:value', 'timer', {}, 1), phase: 'fit' };
  await jobs.insertRun(run);
  expect(await jobs.acquireLease(run._id, 10, 60_010, 'L1')).toBe(true);
  const artifacts = { 'fit-model.json': 'cloud://local/jobs/refit:value/1/fit-model.json' };
  expect(await jobs.saveRun(run._id, 'L1', { artifacts })).toBe(true);
  // A checkpoint, as the runner saves after every step.
  expect(await jobs.saveRun(run._id, 'L1', { phase: 'fit', state: { k: 1 }, steps: 1, updatedAt: 2 })).toBe(true);
  // Patches that change nothing (the same artifact map again, a field set to its value): the
  // database updates no document, and the lease still holds.
  expect(await jobs.saveRun(run._id, 'L1', { artifacts: { ...artifacts } })).toBe(true);
  expect(await jobs.saveRun(run._id, 'L1', { steps: 1 })).toBe(true);
  expect(await jobs.saveRun(run._id, 'L2', { artifacts })).toBe(false);
  expect(await jobs.saveRun(run._id, 'L2', { steps: 5 })).toBe(false);
  expect(((await jobs.getRun(run._id)) as JobRun).steps).toBe(1);
});
