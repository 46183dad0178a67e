/**
 * confirm-consent: closes the race with a withdrawal that lands while this batch is being
 * stored. Withdrawal = (1) revoke consent, (2) delete events and profile. We check AFTER our
 * writes: if the revocation came before this check we delete what we wrote ourselves; if it
 * comes after, its deletion (2) runs after our writes and removes them. Either way nothing of a
 * withdrawn customer survives.
 */
import { QxError } from '../../common/contracts/errors';
import { isCurrentConsent } from '../../common/consent/policy';
import { ok, type Step } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';

/** The confirm-consent step. */
export const confirmConsent: Step<TrackContext, TrackItem> = {
  name: 'confirm-consent',
  async run(ctx, items) {
    if (isCurrentConsent(await ctx.ports.consents.get(ctx.openid!))) return items.map((i) => ok(i));
    await ctx.ports.events.removeIds(items.map((i) => i.doc!._id));
    await ctx.ports.profiles.remove(ctx.openid!);
    throw new QxError('CONSENT_REQUIRED', '用户已撤回数据收集授权，本批事件已丢弃');
  },
};
