/**
 * Staff's 暂停发送: a campaign waiting for its time, or running (most often waiting out a WeChat
 * ban, 43107), stops. The dispatcher picks up only scheduled and running campaigns, asks before
 * each page whether the one it sends is still running, and writes its state only onto a running
 * one, so a pause is never undone by a pass and nothing is sent after it beyond the page under way
 * at that moment. 继续发送 (dispatchCampaign) schedules it again: the outbox holds one entry per
 * customer, so those already sent are passed over and the rest get it once.
 */
import type { Campaign, CampaignStaffAction } from '../campaign/campaign-schema';
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import type { Db } from '../db/wx-db';

/** Staff actions kept on a campaign (the newest). */
export const STAFF_ACTIONS_KEPT = 20;

/** The record of one staff action, appended to the campaign's `staffActions` (capped). */
export const logStaffAction = (db: Db, a: CampaignStaffAction) => ({ staffActions: db._.push({ each: [a], slice: -STAFF_ACTIONS_KEPT }) });

const PAUSABLE = ['scheduled', 'running'] as const;

/** Pauses campaign `id` for `staff`; CONFLICT when it is not waiting or sending, or changed meanwhile. */
export async function pauseCampaign(db: Db, staff: string, id: string, now = Date.now()): Promise<Campaign> {
  const c = (await db.getById(COLLECTIONS.campaigns, id)) as Campaign | null;
  if (!c) throw new QxError('NOT_FOUND', '活动不存在');
  if (c.status === 'paused') throw new QxError('CONFLICT', '活动已暂停');
  if (!(PAUSABLE as readonly string[]).includes(c.status)) throw new QxError('CONFLICT', '只有等待发送或正在发送的活动可以暂停');
  const from = c.status as (typeof PAUSABLE)[number];
  // Only from the status just read: a pass that finished it meanwhile keeps its 已完成.
  const n = await db.updateWhere(
    COLLECTIONS.campaigns,
    { _id: id, status: from },
    {
      status: 'paused',
      pausedReason: null,
      pausedBy: staff,
      pausedFrom: from,
      deferredReason: null,
      nextRunAt: null,
      updatedAt: now,
      ...logStaffAction(db, { action: 'pause', by: staff, at: now }),
    },
  );
  if (n === 0) throw new QxError('CONFLICT', '活动状态刚刚变化，请刷新后再试');
  return (await db.getById(COLLECTIONS.campaigns, id)) as Campaign;
}
