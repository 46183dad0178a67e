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
import type { Release } from '../../scripts/local-cloud/functions/rollout';
import { timerEvent } from '../../scripts/local-cloud/timers/scheduler';

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

/** Fires `fn`'s (first) timer now, as WeChat's trigger does. */
export function triggerTimer(cloud: FullCloud, fn: string) {
  const def = cloud.runtime.functions().find((f) => f.name === fn)!;
  return cloud.runtime.invokeDetailed(fn, timerEvent(def.triggers[0].name, new Date()), { source: 'wx_trigger' });
}

/** Moves every hold on `productId` back in time by `ms` (past the repair pass's grace period). */
export function ageHolds(cloud: FullCloud, productId: string, ms: number): void {
  const p = cloud.db.collection('products').get(productId) as { holds?: Record<string, { at: number }> };
  for (const [key, hold] of Object.entries(p.holds ?? {})) cloud.db.collection('products').update({ _id: productId }, { $set: { [`holds.${key}.at`]: hold.at - ms } });
}

/** Orders (not fences) of `openid`, and the product's stock and holds. */
export function orderState(cloud: FullCloud, openid: string, productId: string) {
  const orders = cloud.db.collection('orders').find({ openid }).filter((o) => Array.isArray(o.items));
  const p = cloud.db.collection('products').get(productId) as { stock: number; held?: number; holds?: Record<string, unknown> };
  return { orders, stock: p.stock, held: p.held ?? 0, holds: Object.keys(p.holds ?? {}).length };
}

/** Every assignment of `n` calls to the two releases. */
export function assignments(n: number): Release[][] {
  if (n === 0) return [[]];
  return assignments(n - 1).flatMap((rest) => (['previous', 'current'] as const).map((r) => [r, ...rest]));
}
