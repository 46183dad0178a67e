/**
 * The full local cloud the rollout suites run their flows in (rollout-flows, rollout-flows-lag,
 * rollout-dispatch, rollout-read-probe): the real functions from this tree, one instance per release so a flow's
 * calls go where its routing says, timers off, function output dropped, a sort on a missing field
 * refused (the test-only check every test cloud runs, scripts/local-cloud/db/sort-missing.ts; both
 * releases run under it), in a temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFullCloud, type FullCloud, type FullCloudOptions } from '../../scripts/local-cloud/cloud';

const REPO = path.resolve(__dirname, '../..');

/** A started rollout cloud; `close` also removes its folder. */
export interface RolloutCloud {
  cloud: FullCloud;
  close(): Promise<void>;
}

/** Starts one, with `opts` added (a fault, rollouts to start with). */
export async function startRolloutCloud(opts: Partial<FullCloudOptions> = {}): Promise<RolloutCloud> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-rollout-'));
  const cloud = await startFullCloud({
    dataDir: path.join(root, 'data'),
    buildDir: path.join(root, 'functions'),
    functionsDir: path.join(REPO, 'cloudfunctions'),
    timers: false,
    maxInstances: 1,
    log: () => undefined,
    sortMissing: 'refuse',
    ...opts,
  });
  return {
    cloud,
    async close() {
      await cloud.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
