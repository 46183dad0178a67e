/**
 * Staff's 暂停发送: a campaign waiting for its time, or running (most often waiting out a WeChat
 * ban, 43107), stops. The dispatcher picks up only scheduled and running campaigns, asks before
 * each page whether the one it sends is still running, and writes its state only onto a running
 * one, so a pause is never undone by a pass and nothing is sent after it beyond the page under way
 * at that moment. 继续发送 (dispatchCampaign) schedules it again: the outbox holds one entry per
 * customer, so those already sent are passed over and the rest get it once.
 *
 * Reads may lag the writes (CloudBase does not promise read-your-writes), so the status a read
 * shows decides nothing here: the pause is a conditional write from each status it may be paused
 * from, which acts on the primary's current state, and only when none lands does a primary probe
 * say why.
 */
import type { Campaign, CampaignStaffAction } from '../campaign/campaign-schema';
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import type { Db } from '../db/wx-db';

/** Staff actions kept on a campaign (the newest). */
export const STAFF_ACTIONS_KEPT = 20;

/** The record of one staff action, appended to the campaign's `staffActions` (capped). */
export const logStaffAction = (db: Db, a: CampaignStaffAction) => ({ staffActions: db._.push({ each: [a], slice: -STAFF_ACTIONS_KEPT }) });

/** `read` with `fields` written and `a` logged: the reply when a read-back may lag the write. */
export function withWrite<C extends Partial<Campaign>>(read: C, fields: Partial<Campaign>, a?: CampaignStaffAction): C {
  const log = a ? { staffActions: [...(read.staffActions ?? []), a].slice(-STAFF_ACTIONS_KEPT) } : {};
  return { ...read, ...fields, ...log };
}

/**
 * The campaign after a write at `now` by this call: a read-back that already shows it (its
 * `updatedAt` is this write's or later), else `composed` — a lagging read-back would answer the
 * campaign as it was before.
 */
export async function afterOwnWrite<C extends Campaign>(db: Db, id: string, now: number, composed: C): Promise<C> {
  const back = (await db.getById(COLLECTIONS.campaigns, id)) as C | null;
  return back && back.updatedAt >= now ? back : composed;
}

const PAUSABLE = ['scheduled', 'running'] as const;

/** Pauses campaign `id` for `staff`; CONFLICT when it is not waiting or sending, NOT_FOUND when it does not exist. */
export async function pauseCampaign(db: Db, staff: string, id: string, now = Date.now()): Promise<Campaign> {
  const C = COLLECTIONS.campaigns;
  let read = (await db.getById(C, id)) as Campaign | null;
  // A campaign saved moments ago may not show in a lagging read yet: absent only if the primary says so.
  if (!read && !(await db.presentOnPrimary(C, { _id: id }))) throw new QxError('NOT_FOUND', '活动不存在');
  const action = { action: 'pause', by: staff, at: now } as const;
  // The status read first (most often current), then the other; twice round, since a running
  // campaign may become scheduled (a cron pass finished) and back between two writes.
  const first = PAUSABLE.find((s) => s === read?.status);
  const order = first ? [first, ...PAUSABLE.filter((s) => s !== first)] : [...PAUSABLE];
  for (const from of [...order, ...order]) {
    const fields = { status: 'paused', pausedReason: null, pausedBy: staff, pausedFrom: from, deferredReason: null, nextRunAt: null, updatedAt: now } as const;
    // Only from that status: a pass that finished it meanwhile keeps its 已完成.
    if ((await db.updateWhere(C, { _id: id, status: from }, { ...fields, ...logStaffAction(db, action) })) === 0) continue;
    read ??= { _id: id } as Campaign;
    return afterOwnWrite(db, id, now, withWrite(read, fields, action));
  }
  if (await db.presentOnPrimary(C, { _id: id, status: 'paused' })) throw new QxError('CONFLICT', '活动已暂停');
  throw new QxError('CONFLICT', '只有等待发送或正在发送的活动可以暂停');
}
