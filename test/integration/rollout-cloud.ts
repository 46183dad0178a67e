/**
 * The full local cloud the rollout suites run their flows in (rollout-flows, rollout-flows-lag,
 * rollout-dispatch, rollout-read-probe, rollout-takeover): the real functions from this tree, one
 * instance per release so a flow's calls go where its routing says, timers off, function output
 * dropped, a sort on a missing field refused (the local cloud's default,
 * scripts/local-cloud/db/sort-missing.ts; both releases run under it), in a temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { grantId } from '../../cloudfunctions/common/dispatch/grants-ledger';
import { TcbError } from '../../scripts/local-cloud';
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

/**
 * The process serving a call dies at a request of its own (a wire hook's answer): the busy `fn`
 * instance is SIGKILLed, and the request fails as the dead caller's never arrives.
 */
export function killServingInstance(cloud: FullCloud, fn: string): never {
  const busy = cloud.runtime.instances(fn).find((i) => i.state === 'busy');
  if (busy?.pid) process.kill(busy.pid, 'SIGKILL');
  throw new TcbError('DATABASE_REQUEST_FAILED', 'database request failed');
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

/**
 * WeChat's pushes for `openid` through a rollout of wxpush (`release` beside this tree's) routed
 * a, b, a, b, …: a popup accept
 * delivered twice in sequence, a second accept delivered twice at once (pushed again while the first
 * delivery is still being applied), then a 拒收 twice. Each push is applied once.
 */
export async function expectPushesAppliedOnce(cloud: FullCloud, release: string, openid: string, tpl: string, a: Release, b: Release): Promise<void> {
  const deliver = (ev: ReturnType<FullCloud['push']['event']>) => cloud.push.deliver(ev);
  const grant = () => cloud.db.collection('grants').get(grantId(openid, tpl));
  await cloud.runtime.startRollout('wxpush', { release, routing: { mode: 'sequence', releases: [a, b, a, b, a, b] } });
  const accept = () => cloud.push.event(openid, 'subscribe_msg_popup_event', [{ TemplateId: tpl, SubscribeStatusString: 'accept' }]);
  const first = accept();
  expect([await deliver(first), await deliver(first)]).toEqual(['success', 'success']);
  expect(grant()).toMatchObject({ accepted: 1, available: 1 });
  const second = accept();
  expect(await Promise.all([deliver(second), deliver(second)])).toEqual(['success', 'success']);
  expect(grant()).toMatchObject({ accepted: 2, available: 2 });
  const refuse = cloud.push.event(openid, 'subscribe_msg_change_event', [{ TemplateId: tpl, SubscribeStatusString: 'reject' }]);
  expect([await deliver(refuse), await deliver(refuse)]).toEqual(['success', 'success']);
  expect(grant()).toMatchObject({ accepted: 2, rejected: 1, available: 0, blocked: true });
}
