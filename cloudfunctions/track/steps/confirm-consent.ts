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
 * - A deletion (privacy deleteMyData: consent kept, erasure mark on the record) takes the same
 *   path: the profile goes before the events, so an update that found no profile, or a profile our
 *   slow path re-created, may sit on events stored after the erasure removed the customer's. When
 *   the record's mark overlaps this batch (erasures.ts `erasureOverlaps`), what the customer has
 *   is erased again and the batch's events are answered ERASED (the tracker drops them, no retry).
 */
import { QxError } from '../../common/contracts/errors';
import { erasureOverlaps } from '../../common/consent/erasures';
import { isCurrentConsent } from '../../common/consent/policy';
import { drop, ok, type Step } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';

/** The confirm-consent step. */
export const confirmConsent: Step<TrackContext, TrackItem> = {
  name: 'confirm-consent',
  async run(ctx, items) {
    if (ctx.consentSeen === 'mirror' && ctx.profile === 'applied') return items.map((i) => ok(i));
    const record = await ctx.ports.consents.get(ctx.openid!);
    if (isCurrentConsent(record)) {
      if (!erasureOverlaps(record, ctx.now)) return items.map((i) => ok(i));
      await ctx.ports.profiles.remove(ctx.openid!);
      await ctx.ports.events.removeCustomer(ctx.openid!);
      return items.map(() => drop('ERASED', '你的数据在这批记录保存时被删除，这批记录也已删除'));
    }
    await ctx.ports.profiles.remove(ctx.openid!);
    await ctx.ports.events.removeCustomer(ctx.openid!);
    throw new QxError('CONSENT_REQUIRED', '用户已撤回数据收集授权，本批事件已丢弃');
  },
};
