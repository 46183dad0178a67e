/**
 * check-consent: the server-side consent record decides, not the client. Without a current
 * consent the whole request is refused with CONSENT_REQUIRED (nothing is stored).
 */
import { QxError } from '../../common/contracts/errors';
import { isCurrentConsent } from '../../common/consent/policy';
import { ok, type Step } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';

/** Throws CONSENT_REQUIRED unless `openid` has a current consent. */
export async function assertConsent(ctx: TrackContext): Promise<void> {
  const doc = await ctx.ports.consents.get(ctx.openid!);
  if (!isCurrentConsent(doc)) throw new QxError('CONSENT_REQUIRED', '用户尚未同意（或已撤回）数据收集授权');
}

/** The check-consent step. */
export const checkConsent: Step<TrackContext, TrackItem> = {
  name: 'check-consent',
  async run(ctx, items) {
    await assertConsent(ctx);
    return items.map((i) => ok(i));
  },
};
