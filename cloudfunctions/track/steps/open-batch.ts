/**
 * open-batch: the consent check and the batch's pending mark in ONE conditional update.
 *
 * The profile carries a mirror of the customer's consent (`consentV`: the policy version agreed
 * to), written by this step's slow path. Fast path: `profiles.where({_id, consentV ≥ current})
 * .update({pending.B, pendingCount+1})` — it matches only when the customer has a current consent,
 * so one request both checks consent and records "batch B is storing events" (see mark-pending's
 * crash-safety contract in update-profiles / rebuild-one). Slow path (first batch of a customer,
 * after a policy change, or after the profile was erased): read the consent record; without a
 * current consent the whole request is refused with CONSENT_REQUIRED (nothing is stored), else
 * mark the batch and (re)write the mirror. The mirror is never trusted alone for a withdrawal:
 * withdrawal erases the profile (and the mirror with it) BEFORE the events, and update-profiles'
 * conditional update / confirm-consent close the race (see confirm-consent.ts).
 *
 * The same update claims the batch's events on the customer's daily quota (../quota.ts): a batch
 * with no room is refused whole (RATE_LIMITED) with nothing marked, counted or stored.
 */
import { QxError } from '../../common/contracts/errors';
import { isCurrentConsent } from '../../common/consent/policy';
import { ok, type Step } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';
import { overQuota, quotaClaim } from '../quota';

/**
 * Throws CONSENT_REQUIRED unless `openid` has a current consent record; returns its version and
 * records when it was granted (the floor of client event time, floor-event-time).
 */
export async function assertConsent(ctx: TrackContext): Promise<number> {
  const doc = await ctx.ports.consents.get(ctx.openid!);
  if (!isCurrentConsent(doc)) throw new QxError('CONSENT_REQUIRED', '用户尚未同意（或已撤回）数据收集授权');
  ctx.consentSince = doc!.grantedAt;
  return doc!.version;
}

/** The open-batch step. */
export const openBatch: Step<TrackContext, TrackItem> = {
  name: 'open-batch',
  async run(ctx, items) {
    const { profiles } = ctx.ports;
    const openid = ctx.openid!;
    // A customer's own device claims the batch's events on today's quota (quota.ts); an operator's import does not.
    const claim = ctx.trust === 'client' ? quotaClaim(ctx.now, items.length, ctx.quota) : null;
    if (claim && claim.n > claim.max) throw overQuota(claim, undefined, ctx.now);
    let marked = await profiles.openBatch(openid, ctx.batchId, ctx.now, claim);
    if (marked !== 'no-mirror') ctx.consentSeen = 'mirror';
    else {
      const version = await assertConsent(ctx);
      marked = await profiles.markPending(openid, ctx.batchId, ctx.now, version, claim);
      ctx.consentSeen = 'record';
    }
    if (!marked.marked) {
      // Nothing was marked or counted: the batch is refused whole, before any event is stored.
      ctx.guard?.rememberRoom(openid, claim!.day, claim!.max - marked.used);
      throw overQuota(claim!, marked.used, ctx.now);
    }
    return items.map((i) => ok(i));
  },
};
