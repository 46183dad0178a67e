/**
 * One pass of one campaign over its audience, page by page in `_id` order, resumable from the
 * cursor stored in `jobs` (`_id` = `dispatch:<campaignId>`). Stops before the deadline (each
 * invocation < 60 s) or when the lease is lost; the next invocation resumes at the cursor.
 */
import { loadRules } from '../audience/rule-store';
import { ruleIdOf } from '../audience/rule-schema';
import { positionsSaved } from '../consent/erase-guard';
import { COLLECTIONS } from '../contracts/collections';
import type { Campaign } from '../campaign/campaign-schema';
import { isHeldOut } from '../campaign/holdout';
import { renderData, type ProductLike, type ProfileLike } from '../campaign/render-data';
import { consentSkip, skipReason, type ConsentLike } from '../campaign/targeting';
import { pageWithCampaign } from '../campaign/validate-campaign';
import type { Db, Doc } from '../db/wx-db';
import { renewLease, type Lease } from './lease';
import type { Pacer } from './pacer';
import { isCampaignFault, type CampaignFault } from './send-policy';
import { lookupPage } from './page-lookups';
import { claimHoldout, sendOne, type RetryPolicy, type Sender, type SendOutcome } from './send-one';

/** Knobs of a pass. */
export interface PassOptions {
  pageSize: number;
  deadline: number;
  retry: RetryPolicy;
  /** Customers processed at once within a page. */
  concurrency: number;
  miniprogramState: 'developer' | 'trial' | 'formal';
  /**
   * Asked before each page: whether the campaign is still running (staff may pause it meanwhile).
   * A no stops the pass there, so at most the page under way goes out after a pause.
   */
  stillRunning?: () => Promise<boolean>;
}

/** Counters of a pass (this invocation's share). */
export type PassCounts = Partial<Record<SendOutcome | `skip_${string}` | 'invalid_data', number>>;

/** How a pass ended. */
export interface PassResult {
  campaignId: string;
  finished: boolean;
  lostLease: boolean;
  /** Stopped at WeChat's daily quota (45009): the campaign waits for the next day. */
  quota?: boolean;
  /** Stopped at a ban of the app's (or the template's) subscribe messages (43107): the whole run stops. */
  banned?: boolean;
  /** Stopped at a refusal of the campaign itself (41030 its page, 40037 its template): paused until staff fix it. */
  fault?: CampaignFault;
  /** Stopped because the campaign is no longer running (staff paused it): nothing else of it is written. */
  notRunning?: boolean;
  counts: PassCounts;
}

const cursorId = (campaignId: string): string => `dispatch:${campaignId}`;

/**
 * The audience query: the target segments (numbers or their string form), or everyone. A rule
 * segment is a condition on the whole profile, so with one among the targets every profile is
 * paged and the targeting predicate decides (the same evaluation the admin preview runs).
 */
function audience(db: Db, c: Campaign): Record<string, unknown> {
  const _ = db._;
  const q: Record<string, unknown> = {};
  if (c.segments.length && !c.segments.some((s) => ruleIdOf(s) !== null))
    q.segment = _.in(
      [...new Set(c.segments.flatMap((s) => [s, String(s), Number(s)]))].filter((s) => s === s),
    );
  return q;
}

/** Runs (part of) a pass of `c`. */
export async function runCampaignPass(
  db: Db,
  send: Sender,
  c: Campaign,
  lease: Lease,
  pacer: Pacer,
  o: PassOptions,
): Promise<PassResult> {
  const counts: PassCounts = {};
  let quota = false;
  let banned = false;
  let fault: CampaignFault | undefined;
  // A stop every customer of the pass would meet: the app's quota or ban, or the campaign's own fault.
  const halted = (): boolean => quota || banned || fault !== undefined;
  const bump = (k: keyof PassCounts): void => void (counts[k] = (counts[k] ?? 0) + 1);
  // Every profile this pass pages is read after `since`. A page read before a customer's erasure
  // and saved after the erasure moved the cursor off them would write their openid back: each save
  // asks whether its customer was erased since, and moves off (consent/erase-guard.ts).
  const since = Date.now();
  const saveCursor = async (cursor: string): Promise<void> => {
    await db.updateById(COLLECTIONS.jobs, cursorId(c._id), { cursor, updatedAt: Date.now() });
    await positionsSaved(db, [cursor], since);
  };
  await db.insertUnique(COLLECTIONS.jobs, {
    _id: cursorId(c._id),
    kind: 'dispatch-cursor',
    campaignId: c._id,
    cursor: '',
  });
  let cursor = String(
    ((await db.getById(COLLECTIONS.jobs, cursorId(c._id))) as { cursor?: string } | null)?.cursor ?? '',
  );
  let product: ProductLike | null = null;
  if (c.productId) {
    product = (await db.getById(COLLECTIONS.products, c.productId)) as ProductLike | null;
  }
  const page = pageWithCampaign(c.page, c._id);
  const rules = await loadRules(db, c.segments);
  for (;;) {
    if (Date.now() >= o.deadline) return { campaignId: c._id, finished: false, lostLease: false, counts };
    if (!(await renewLease(db, lease)))
      return { campaignId: c._id, finished: false, lostLease: true, counts };
    if (o.stillRunning && !(await o.stillRunning())) return { campaignId: c._id, finished: false, lostLease: false, notRunning: true, counts };
    // Filled from as many answers as 1 MB each allows; `last` only when surely the end.
    const { docs: profiles, last: pageIsLast } = await db.keysetPage(COLLECTIONS.profiles, audience(db, c), {
      after: cursor,
      limit: o.pageSize,
    });
    const now = Date.now();
    const facts = await lookupPage(
      db,
      profiles.map((p) => p._id),
      c._id,
      c.templateId,
      now - c.frequencyCap.windowHours * 3600_000,
    );
    const handle = async (p: Doc): Promise<void> => {
      const openid = p._id;
      if (facts.decided.has(openid)) return;
      const why = skipReason(c, {
        profile: p,
        consent: facts.consent.get(openid),
        grantsAvailable: facts.grants.get(openid) ?? 0,
        recentSends: facts.recentSends.get(openid) ?? 0,
        rules,
      });
      if (why) return bump(`skip_${why}`);
      if (isHeldOut(c._id, openid, c.holdoutPct))
        return bump(await claimHoldout(db, c._id, openid, c.templateId, lease.owner));
      const rendered = renderData(c.data, {
        product,
        profile: p as ProfileLike, // segmentName / segmentPhrase, rendered per key by segmentValue
        now: Date.now(),
      });
      if (rendered.errors.length) return bump('invalid_data');
      await pacer.take();
      if (halted()) return; // another worker met the quota or the fault while this one waited
      const outcome = await sendOne(
        db,
        send,
        {
          touser: openid,
          templateId: c.templateId,
          page,
          data: rendered.data,
          miniprogramState: o.miniprogramState,
        },
        c._id,
        lease.owner,
        o.retry,
        async () => consentSkip(c, (await db.getById(COLLECTIONS.consents, openid)) as ConsentLike | null),
      );
      if (outcome === 'quota') quota = true;
      if (outcome === 'banned') banned = true;
      if (isCampaignFault(outcome)) fault = outcome;
      bump(outcome);
    };
    // A few customers in flight at once (each one's steps stay in order: claim → grant → send);
    // the pacer keeps the overall rate. Customers are started in cursor order, and a stop waits
    // for those in flight, so everything up to the last started customer is done.
    let next = 0;
    let stopped = false;
    const worker = async (): Promise<void> => {
      while (next < profiles.length && !halted()) {
        if (Date.now() >= o.deadline) {
          stopped = true;
          return;
        }
        await handle(profiles[next++]);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
    if (halted()) {
      // Customers of this page whose claim was taken back stay due: resume from the page's start
      // (those decided already have their outbox entry and are skipped then).
      await saveCursor(cursor);
      const why = quota ? { quota } : banned ? { banned } : { fault };
      return { campaignId: c._id, finished: false, lostLease: false, ...why, counts };
    }
    if (next > 0) cursor = profiles[next - 1]._id;
    if (stopped) {
      await saveCursor(cursor);
      return { campaignId: c._id, finished: false, lostLease: false, counts };
    }
    // Not "shorter than asked": a cloud that caps pages at 100 would end a 500-profile page early.
    const last = pageIsLast;
    await saveCursor(last ? '' : cursor);
    if (last) return { campaignId: c._id, finished: true, lostLease: false, counts };
  }
}
