/** `me`: the caller's profile summary in plain Chinese, with segment name and reasons if assigned. */
import { COLLECTIONS } from '../../common/contracts/collections';
import { categoryAffinity } from '../../common/features/affinity';
import type { ProfileDoc } from '../../common/profile/types';
import type { PrivacyDeps } from '../deps';
import { describeProfile, type ProfileSummary } from '../describe-profile';

export async function me(d: PrivacyDeps): Promise<ProfileSummary & { personalization: boolean }> {
  const profile = (await d.db.getById(COLLECTIONS.profiles, d.openid)) as ProfileDoc | null;
  const consent = await d.db.getById(COLLECTIONS.consents, d.openid);
  const names: Record<string, string> = {};
  if (profile) {
    const ids = categoryAffinity(profile, d.now(), 3).map((c) => c.categoryId);
    if (ids.length > 0) {
      const products = await d.db.find(
        COLLECTIONS.products,
        { categoryId: d.db._.in(ids) },
        { limit: 100, fields: { categoryId: true, categoryName: true } },
      );
      for (const p of products)
        if (typeof p.categoryName === 'string') names[p.categoryId as string] = p.categoryName;
    }
  }
  return { ...describeProfile(profile, d.now(), names), personalization: consent?.personalization ?? true };
}
