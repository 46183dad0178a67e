/**
 * confirm-consent: closes the race with a withdrawal that lands while this batch is being stored.
 * Withdrawal = (1) revoke the consent record, (2) erase the profile (and its consent mirror),
 * (3) erase the events (common/consent/erase-customer.ts keeps that order).
 *
 * - Consent seen on the profile's mirror and the profile update matched it: the profile still
 *   existed after our events were stored, so any withdrawal's (2) — and its (3) — come after our
 *   writes and remove them. Nothing to read.
 * - Otherwise (consent read from the record, or the update found no consenting profile, or it
 *   failed): read the record now. If the revocation came before this read, erase what the customer
 *   has — all of their events, not only ours, because our slow path may have re-created the mirror
 *   after (2) and let a concurrent batch through — and the profile. If it comes after, its erasure
 *   runs after our writes. Either way nothing of a withdrawn customer survives.
 */
import { QxError } from '../../common/contracts/errors';
import { isCurrentConsent } from '../../common/consent/policy';
import { ok, type Step } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';

/** The confirm-consent step. */
export const confirmConsent: Step<TrackContext, TrackItem> = {
  name: 'confirm-consent',
  async run(ctx, items) {
    if (ctx.consentSeen === 'mirror' && ctx.profile === 'applied') return items.map((i) => ok(i));
    if (isCurrentConsent(await ctx.ports.consents.get(ctx.openid!))) return items.map((i) => ok(i));
    await ctx.ports.profiles.remove(ctx.openid!);
    await ctx.ports.events.removeCustomer(ctx.openid!);
    throw new QxError('CONSENT_REQUIRED', '用户已撤回数据收集授权，本批事件已丢弃');
  },
};
