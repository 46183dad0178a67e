/** `me`: the caller's profile summary in plain Chinese, with segment name and reasons if assigned. */
import { COLLECTIONS } from '../../common/contracts/collections';
import { hashedCategoryIds } from '../../common/catalog/category-keys';
import { customerCategoryNames } from '../../common/catalog/category-names';
import { categoryAffinity } from '../../common/features/affinity';
import { hashedCategoryKeysOf } from '../../common/profile/bucket-keys';
import type { ProfileDoc } from '../../common/profile/types';
import type { PrivacyDeps } from '../deps';
import { describeProfile, type ProfileSummary } from '../describe-profile';

export async function me(d: PrivacyDeps): Promise<ProfileSummary & { personalization: boolean }> {
  const profile = (await d.db.getById(COLLECTIONS.profiles, d.openid)) as ProfileDoc | null;
  const consent = await d.db.getById(COLLECTIONS.consents, d.openid);
  const hashed = await hashedCategoryIds(d.db, hashedCategoryKeysOf(profile?.d), d.openid);
  const ids = profile ? categoryAffinity(profile, d.now(), 3, 90, hashed).map((c) => c.categoryId) : [];
  const names = await customerCategoryNames(d.db, ids);
  return { ...describeProfile(profile, d.now(), names, hashed), personalization: consent?.personalization ?? true };
}
