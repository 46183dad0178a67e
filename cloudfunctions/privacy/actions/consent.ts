/**
 * Consent actions (PIPL art. 15 withdrawal, art. 24 opt-out of personalised pushes).
 * Order in withdrawConsent matters (see track/steps/confirm-consent): revoke first, then delete,
 * then replace the record by a tombstone that keeps only a salted hash of the openid and the time.
 */
import { COLLECTIONS } from '../../common/contracts/collections';
import { QxError } from '../../common/contracts/errors';
import { CONSENT_VERSION, isCurrentConsent, type ConsentDoc } from '../../common/consent/policy';
import type { PrivacyDeps } from '../deps';
import type { ConsentView } from '../../common/contracts/consent';
import { finishWithdrawal, type EraseCounts } from '../../common/consent/erase-customer';

const C = COLLECTIONS.consents;

async function read(d: PrivacyDeps): Promise<ConsentDoc | null> {
  return (await d.db.getById(C, d.openid)) as ConsentDoc | null;
}

function view(doc: ConsentDoc | null): ConsentView {
  return {
    granted: doc?.granted === true,
    current: isCurrentConsent(doc),
    version: doc?.version ?? null,
    currentVersion: CONSENT_VERSION,
    grantedAt: doc?.grantedAt ?? null,
    withdrawnAt: doc?.withdrawnAt ?? null,
    personalization: doc?.personalization ?? true,
  };
}

export async function getConsent(d: PrivacyDeps): Promise<ConsentView> {
  return view(await read(d));
}

export async function setConsent(d: PrivacyDeps, input: { version: number }): Promise<ConsentView> {
  if (input.version > CONSENT_VERSION)
    throw new QxError('INVALID_INPUT', `隐私政策版本 ${input.version} 不存在（当前为 ${CONSENT_VERSION}）`);
  let prev = await read(d);
  // A withdrawn record still present is a withdrawal whose call died half-way: finish it (erase,
  // tombstone, remove the record) before the new consent, which would otherwise hide it from
  // retention's finisher (retention/erasures.ts) and keep the withdrawn data for good.
  if (prev && typeof prev.withdrawnAt === 'number') {
    await finishWithdrawal(d, prev.withdrawnAt);
    prev = null;
  }
  const grant = {
    openid: d.openid,
    version: input.version,
    granted: true as const,
    grantedAt: d.now(),
    personalization: prev?.personalization ?? true,
    updatedAt: d.now(),
  };
  // An update, not a replacement: the record carries the erasure mark (erasedAt, erasureDoneAt)
  // that jobs in flight and retention read (common/consent/erasures.ts); agreeing again keeps it.
  // The update's count is of MODIFIED documents (0 for one that already held these values), so
  // absence is read, not inferred: the record may also have gone since (a withdrawal finishing).
  if (prev) await d.db.updateById(C, d.openid, grant);
  if (!prev || !(await read(d))) await d.db.setById(C, d.openid, grant);
  return view({ ...prev, _id: d.openid, ...grant });
}

export async function withdrawConsent(
  d: PrivacyDeps,
): Promise<{ withdrawnAt: number; deleted: EraseCounts }> {
  const withdrawnAt = d.now();
  const prev = await read(d);
  // 1. revoke (track refuses from here on, and deletes anything it wrote concurrently)
  await d.db.setById(C, d.openid, {
    openid: d.openid,
    version: prev?.version ?? 0,
    granted: false,
    withdrawnAt,
    personalization: false,
    updatedAt: withdrawnAt,
  });
  // 2. delete the data, 3. keep only a tombstone, 4. remove the record (common/consent/erase-customer.ts)
  return { withdrawnAt, deleted: await finishWithdrawal(d, withdrawnAt) };
}

export async function setPersonalization(d: PrivacyDeps, input: { enabled: boolean }): Promise<ConsentView> {
  const prev = await read(d);
  if (prev) {
    await d.db.updateById(C, d.openid, { personalization: input.enabled, updatedAt: d.now() });
    return view({ ...prev, personalization: input.enabled });
  }
  // An opt-out must work even for a customer who never agreed to tracking.
  const doc: Omit<ConsentDoc, '_id'> = {
    openid: d.openid,
    version: 0,
    granted: false,
    personalization: input.enabled,
    updatedAt: d.now(),
  };
  await d.db.setById(C, d.openid, doc);
  return view({ _id: d.openid, ...doc });
}

export type { ConsentView };
