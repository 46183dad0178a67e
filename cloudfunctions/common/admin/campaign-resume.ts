/**
 * The write of 立即发送 / 继续发送 (dispatchCampaign): the campaign becomes `scheduled`, due now or at
 * its next cron fire. A campaign staff paused mid-pass (`pausedFrom` 'running') carries on now,
 * cron or not, and the resume is logged. Reads may lag the writes, so the status the caller read
 * only orders the tries: each is a conditional write from one status, which acts on the primary's
 * current state; a read that still shows 正在发送 or the status before a pause does not make
 * 继续发送 a conflict.
 */
import type { Campaign } from '../campaign/campaign-schema';
import { nextCronRun } from '../campaign/schedule';
import { COLLECTIONS } from '../contracts/collections';
import { describeCron } from '../contracts/schedule-pick';
import { QxError } from '../contracts/errors';
import type { Db, Doc } from '../db/wx-db';
import { logStaffAction, withWrite } from './campaign-pause';

/** One status the campaign may be in at the primary, and what sending it from there means. */
interface From {
  where: Doc;
  /** Paused by staff mid-pass: due now whatever the schedule, and the dispatcher is started. */
  midPass: boolean;
  /** Paused by staff: the resume is logged. */
  staffPaused: boolean;
}

const fromRead = (c: Campaign): From => {
  const staffPaused = c.status === 'paused' && !!c.pausedBy;
  return { where: { status: c.status, ...(staffPaused && c.pausedFrom ? { pausedFrom: c.pausedFrom } : {}) }, midPass: staffPaused && c.pausedFrom === 'running', staffPaused };
};
/** Where a read that lags may not show a pause yet: tried when the read's own status missed. */
const STAFF_PAUSED: From[] = [
  { where: { status: 'paused', pausedFrom: 'running' }, midPass: true, staffPaused: true },
  { where: { status: 'paused', pausedFrom: 'scheduled' }, midPass: false, staffPaused: true },
];

/** The cron's next fire after `now` (a one-off: now), or INVALID_INPUT when it has none left. */
function nextFire(c: Campaign, now: number): number {
  if (c.schedule.kind !== 'cron') return now;
  const next = nextCronRun(c.schedule.cron, now);
  // In the editor's words (most often a one-off whose time has passed), not as a raw cron.
  if (next === null) throw new QxError('INVALID_INPUT', `定时「${describeCron(c.schedule.cron)}」已没有以后的发送时间，请编辑活动改一个以后的时间`);
  return next;
}

/**
 * Schedules `c` (as read, perhaps lagging) at `now` for `staff`; answers the campaign as this write
 * left it (for afterOwnWrite once the dispatcher ran) and whether the dispatcher should start now.
 * CONFLICT when it is sending, {@link CampaignChangedError} when it changed since `c` was read.
 */
export async function scheduleSend(db: Db, c: Campaign, now: number, staff?: string): Promise<{ written: Campaign; startNow: boolean }> {
  const tries = [...(c.status === 'running' ? [] : [fromRead(c)]), ...STAFF_PAUSED];
  for (const t of tries) {
    const nextRunAt = t.midPass ? now : nextFire(c, now);
    // The revision is left alone: sending changes no field an editor holds, and a bump would make
    // the editor's next save (say after this send failed) a conflict with no other editor. The
    // `sendRequests` bump makes it a change even when it was scheduled for this very millisecond.
    // The pause's fields go whatever the status: left on a campaign that is not paused, they mark
    // a pause an earlier dispatcher wrote over (run-dispatch.ts pauses it again).
    const fields = { status: 'scheduled', nextRunAt, pausedReason: null, pausedBy: null, pausedFrom: null, updatedAt: now } as const;
    const action = t.staffPaused && staff ? ({ action: 'resume', by: staff, at: now } as const) : undefined;
    // Only the version read (its revision: saves bump it, sends and pauses do not): an edit it
    // does not show may have changed what this computes (the schedule) or checked (targets, page).
    const version = typeof c.revision === 'number' ? { revision: c.revision } : {};
    const n = await db.updateWhere(COLLECTIONS.campaigns, { _id: c._id, ...t.where, ...version }, { ...fields, ...(action ? logStaffAction(db, action) : {}), sendRequests: db._.inc(1) });
    if (n === 0) continue;
    return { written: withWrite(c, fields, action), startNow: c.schedule.kind === 'now' || t.midPass };
  }
  if (await db.presentOnPrimary(COLLECTIONS.campaigns, { _id: c._id, status: 'running' })) throw new QxError('CONFLICT', '活动正在发送中');
  throw new CampaignChangedError();
}

/**
 * No try landed and the campaign is not sending: it changed since `c` was read (saved by staff,
 * or a read that lags). Nothing was written; read again (dispatchCampaign does, after a wait).
 */
export class CampaignChangedError extends QxError {
  override name = 'CampaignChangedError';
  constructor() {
    super('CONFLICT', '活动刚开始发送或被修改，请刷新后再试');
  }
}
