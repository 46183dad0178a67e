/**
 * One dispatcher invocation (timer tick or "dispatch now" from the admin page): take the lease,
 * mark claims left by dead runs as `unknown` (never re-sent), then run due campaigns until the
 * time budget is spent. Campaign state moves on only when a pass finishes.
 */
import { COLLECTIONS } from '../contracts/collections';
import { sameRevision, type Campaign } from '../campaign/campaign-schema';
import { inQuietHours, nextCronRun, quietHoursEnd } from '../campaign/schedule';
import type { Db } from '../db/wx-db';
import { acquireLease, releaseLease } from './lease';
import { releaseUnsentClaims } from './stale-claims';
import { Pacer } from './pacer';
import { runCampaignPass, type PassResult } from './run-campaign';
import type { RetryPolicy, Sender } from './send-one';
import type { CampaignFault } from './send-policy';
import { noteSentThrough, readTemplateFaults, recordTemplateFault, type TemplateFault } from './template-faults';
import { banProbeDue } from './ban-backoff';
import { DISPATCH_PAGE_SIZE } from '../contracts/dispatch-page';
import { nextBeijingMidnight } from '../beijing-time';

/** Options of {@link runDispatch}. */
export interface DispatchOptions {
  /** Only this campaign (admin "dispatch now"); otherwise every due campaign. */
  campaignId?: string;
  /** Stop starting work after this long (WeChat caps an invocation at 60 s). */
  budgetMs: number;
  leaseMs: number;
  pageSize: number;
  ratePerSec: number;
  retry: RetryPolicy;
  concurrency: number;
  miniprogramState: 'developer' | 'trial' | 'formal';
}

/** Defaults: a 45 s budget leaves 15 s of the 60 s cap for the last page's sends and writes. */
export const DEFAULT_DISPATCH: DispatchOptions = {
  budgetMs: 45_000,
  leaseMs: 60_000,
  pageSize: DISPATCH_PAGE_SIZE,
  ratePerSec: 50,
  retry: { maxAttempts: 3, baseDelayMs: 200 },
  concurrency: 4,
  miniprogramState: 'formal',
};

/** What one invocation did. */
export interface DispatchSummary {
  status: 'busy' | 'done' | 'partial';
  owner: string;
  recoveredClaims: number;
  passes: PassResult[];
  deferred: Array<{ campaignId: string; until: number; reason: 'quiet_hours' | 'daily_quota' }>;
  /** Campaigns this invocation paused for a fault of their own (41030: the page is not the app's). */
  paused: Array<{ campaignId: string; reason: CampaignFault }>;
  /** WeChat answered 43107 (subscribe messages banned): the run stopped at this campaign's send. */
  banned?: { campaignId: string; templateId: string };
}

/** The next midnight in UTC+8 after `now`: when WeChat's daily quota starts again. */
export const nextChinaDay = nextBeijingMidnight;

/** Next state of a campaign whose pass just finished. */
function afterPass(c: Campaign, now: number): Pick<Campaign, 'status' | 'nextRunAt'> {
  if (c.schedule.kind === 'cron') {
    const next = nextCronRun(c.schedule.cron, now);
    return next === null ? { status: 'done', nextRunAt: null } : { status: 'scheduled', nextRunAt: next };
  }
  return { status: 'done', nextRunAt: null };
}

/**
 * The due campaigns in the order to try them: those whose template met a ban (43107) last, the one
 * refused longest ago first among them. A ban stops the run, so under the reading where WeChat bans
 * one template (send-policy.ts BANNED_CODE) the other templates' campaigns still send every tick,
 * and several banned templates take turns at being the tick's one probe.
 */
export function banLast<C extends { templateId: string }>(due: readonly C[], banned: readonly TemplateFault[]): C[] {
  const seen = new Map(banned.map((b) => [b.templateId, b.lastSeenAt]));
  const key = (c: C): number => seen.get(c.templateId) ?? -Infinity;
  return [...due].sort((a, b) => key(a) - key(b)); // stable: _id order otherwise
}

/** Runs one dispatcher invocation. */
export async function runDispatch(
  db: Db,
  send: Sender,
  owner: string,
  o: DispatchOptions,
): Promise<DispatchSummary> {
  const started = Date.now();
  const deadline = started + o.budgetMs;
  const summary: DispatchSummary = { status: 'done', owner, recoveredClaims: 0, passes: [], deferred: [], paused: [] };
  const lease = await acquireLease(db, owner, o.leaseMs);
  if (!lease) return { ...summary, status: 'busy' };
  const _ = db._;
  try {
    // Claims older than a lease belong to a run that died between claim and result. One whose
    // grant never got its consumption stamp was never sent (a send follows the consumption):
    // it is taken back, so the customer stays due. The rest: we cannot know whether WeChat
    // delivered, so they are closed as `unknown` and never re-sent.
    summary.recoveredClaims = await releaseUnsentClaims(db, started - o.leaseMs);
    summary.recoveredClaims += await db.updateWhere(
      COLLECTIONS.outbox,
      { status: 'claimed', claimedAt: _.lt(started - o.leaseMs) },
      { status: 'unknown', reason: '发送过程中断，结果未知（不重发）', finishedAt: started },
    );
    const where = o.campaignId
      ? { _id: o.campaignId, status: _.in(['scheduled', 'running']) }
      : { status: _.in(['scheduled', 'running']), nextRunAt: _.lte(started) };
    const due = (await db.find(COLLECTIONS.campaigns, where, {
      orderBy: ['_id', 'asc'],
      limit: 100,
    })) as Campaign[];
    const pacer = new Pacer(o.ratePerSec);
    let faults = await readTemplateFaults(db);
    for (const c of banLast(due, faults.banned)) {
      const now = Date.now();
      // A staff pause that a dispatcher from before pauses wrote over when its pass ended (an
      // unconditional write; README "Updating a running environment"): `pausedBy` is left only
      // then (every send clears it). Paused again at its next fire instead of sent.
      if (c.status === 'scheduled' && typeof c.pausedBy === 'string') {
        await db.updateWhere(COLLECTIONS.campaigns, { _id: c._id, status: 'scheduled', pausedBy: c.pausedBy }, { status: 'paused', pausedFrom: 'scheduled', nextRunAt: null });
        continue;
      }
      // Its template was refused with 43107 and its back-off has not run out: not asked this tick
      // (ban-backoff.ts). Nothing is written: it stays due for the tick that may try.
      if (!banProbeDue(faults.banned, c.templateId, started)) continue;
      if (inQuietHours(c.quietHours, now)) {
        const until = quietHoursEnd(c.quietHours, now);
        await db.updateWhere(COLLECTIONS.campaigns, { _id: c._id, status: c.status }, { nextRunAt: until, deferredReason: 'quiet_hours' });
        summary.deferred.push({ campaignId: c._id, until, reason: 'quiet_hours' });
        continue;
      }
      if (c.status !== 'running') {
        // Start only the version just read: a save (revision) or a status change that landed
        // since would otherwise be answered as done while this pass sends what it replaced. The
        // campaign stays due, so the next tick sends the saved version. (立即发送 changes no
        // field this pass sends, so it bumps no revision.)
        const version = sameRevision(c, (p) => _.exists(p));
        if ((await db.updateWhere(COLLECTIONS.campaigns, { _id: c._id, status: c.status, ...version }, { status: 'running' })) === 0) continue;
      }
      // Staff may pause it meanwhile: asked before each page, and every write below is only onto
      // a campaign still running, so a pause is never written over. Asked of the primary
      // (presentOnPrimary): a lagging read would hide the pause, or the `running` just written.
      const stillRunning = () => db.presentOnPrimary(COLLECTIONS.campaigns, { _id: c._id, status: 'running' });
      const pass = await runCampaignPass(db, send, c, lease, pacer, { ...o, deadline, stillRunning });
      summary.passes.push(pass);
      if ((pass.counts.sent ?? 0) > 0 && (faults.banned.length > 0 || faults.removed.some((f) => f.templateId === c.templateId))) {
        // WeChat took a send with it: no longer banned, and the app's again; while other bans
        // are stored, the send is their evidence (and a lifted one makes them due now).
        faults = await noteSentThrough(db, c.templateId, Date.now(), started);
      }
      if (pass.notRunning) continue;
      if (pass.banned) {
        // 43107: the app's subscribe messages (or this template) are banned, not the customer or
        // the campaign. Stop the whole run (the next campaign would most likely be refused too);
        // the campaign stays due, so the next tick tries one send again and carries on once it
        // goes through. Nothing failed, every grant was given back; staff see the banner.
        await recordTemplateFault(db, 'banned', c.templateId, c._id, Date.now(), started);
        await db.updateWhere(COLLECTIONS.campaigns, { _id: c._id, status: 'running' }, { deferredReason: 'subscribe_banned' });
        summary.banned = { campaignId: c._id, templateId: c.templateId };
        summary.status = 'partial';
        break;
      }
      if (c.deferredReason === 'subscribe_banned')
        await db.updateWhere(COLLECTIONS.campaigns, { _id: c._id, deferredReason: 'subscribe_banned' }, { deferredReason: null });
      if (pass.quota) {
        // The quota is the app's: no campaign can send before tomorrow. This one stays running.
        const until = nextChinaDay(Date.now());
        await db.updateWhere(COLLECTIONS.campaigns, { _id: c._id, status: 'running' }, { nextRunAt: until, deferredReason: 'daily_quota' });
        summary.deferred.push({ campaignId: c._id, until, reason: 'daily_quota' });
        summary.status = 'partial';
        break;
      }
      if (pass.fault === 'template_invalid') await recordTemplateFault(db, 'removed', c.templateId, c._id);
      if (pass.fault) {
        // The campaign's own fault (its page): every customer left would be refused the same
        // way. Paused until staff fix it and send again (saving is refused while it runs, so it
        // is still the version this pass sent); those refused stay due and get it once then.
        await db.updateWhere(
          COLLECTIONS.campaigns,
          { _id: c._id, status: 'running' },
          { status: 'paused', pausedReason: pass.fault, nextRunAt: null, deferredReason: null },
        );
        summary.paused.push({ campaignId: c._id, reason: pass.fault });
        continue;
      }
      if (pass.finished) {
        await db.updateWhere(COLLECTIONS.campaigns, { _id: c._id, status: 'running' }, {
          ...afterPass(c, Date.now()),
          lastPassAt: Date.now(),
          deferredReason: null,
        });
      } else {
        summary.status = 'partial';
        break;
      }
    }
  } finally {
    await releaseLease(db, lease).catch(() => undefined);
  }
  return summary;
}
