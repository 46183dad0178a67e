/**
 * Erasing a customer's data (PIPL art. 47), shared by deleteMyData (consent kept),
 * withdrawConsent (consent revoked first) and retention, which finishes an erasure or withdrawal
 * whose call died half-way (a mark without `erasureDoneAt`, a withdrawn record still present:
 * retention/erasures.ts). Every step is idempotent. In order:
 * 1. the erasure mark (`erasedAt`, common/consent/erasures.ts) — every job that read the customer
 *    before this and writes after it checks the mark and skips or undoes its write;
 * 2. the profile (it carries the consent mirror `track` checks: see track/steps/confirm-consent.ts),
 *    raw events, the grants ledger, dead letters, segment history;
 * 3. WeChat's subscribe-message pushes about them: popup/change records go; delivery records stay
 *    for the campaign figures without openid or key (their `_id` is a one-way hash of the key);
 * 4. paging positions (cursors) naming the customer: cleared in ended job runs and the idle
 *    rebuild job, moved to the item before them in work still in flight (erase-positions.ts); a
 *    walk that saves a page it read before the mark moves off after that save (erase-guard.ts);
 * 4b. staff's rule-segment CSV files in cloud storage (masked ids and reasons of every member; an
 *    export running meanwhile deletes its own file when it finds this erasure's mark);
 * 5. the checkpoints of every ended job run that started before now (refit intermediates hold
 *    per-customer rows: purchase histories, review texts keyed by event id). Runs still in flight
 *    lose theirs too and start over from their first phase when those files may hold her
 *    (erase-runs.ts, jobs/erasure-scope.ts); a tick mid-step then restarts its run itself at its
 *    checkpoint (jobs/erasure-restart.ts).
 * Kept on purpose (and in the export): orders — transaction records the merchant must retain by
 * law (PIPL art. 47 exception; 电子商务法 art. 31: three years from completion), marked `erasedAt`
 * for storage only and stripped of the openid when that ends (retention/order-identities.ts) — the outbox of notices already sent, which proves what was sent
 * and keeps a campaign from sending twice, and the consent record with the erasure time.
 */
import { EXPORT_FILES, exportNames, exportVoidedPath, namedFileIds } from '../admin/export-names';
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { purgeEndedRunArtifacts } from '../jobs/purge-artifacts';
import type { ModelFiles } from '../model-store/ports';
import { movePositionsOff } from './erase-positions';
import { restartRunsInFlight } from './erase-runs';
import { markErased, refitDataOf } from './erasures';
import { tombstoneId } from './policy';

/** What an erasure works with (the privacy function's deps; retention when it finishes one). */
export interface EraseDeps {
  db: Db;
  /** Cloud storage: ended job runs' checkpoints are deleted; a running sentiment refit's review parts are read (without `download`: counted as holding her). */
  files: Pick<ModelFiles, 'remove'> & Partial<Pick<ModelFiles, 'download'>>;
  openid: string;
  now: () => number;
}

/** How many documents (files for `artifacts`) were removed per store. */
export interface EraseCounts {
  events: number;
  profile: number;
  grants: number;
  deadLetters: number;
  segmentHistory: number;
  /** popup/change records removed plus delivery records stripped of the openid. */
  subscribePushes: number;
  /** Files of job runs' checkpoints deleted: ended runs', and those of runs in flight, which start over. */
  artifacts: number;
  /** Staff's rule-segment CSV files deleted (masked ids and reasons of every member; names kept, so one already gone counts too). */
  exports: number;
}

/** Time budget of the artifact purge inside one privacy call (the rest waits for retention). */
const ARTIFACT_BUDGET_MS = 8_000;

/** Strips the identifiers from WeChat's delivery records of `openid` and removes their other pushes. */
async function erasePushes({ db, openid }: EraseDeps): Promise<number> {
  const _ = db._;
  const stripped = await db.updateWhere(
    COLLECTIONS.subscribePushes,
    { openid, event: 'sent' },
    { openid: _.remove(), key: _.remove() },
  );
  return stripped + (await db.removeWhere(COLLECTIONS.subscribePushes, { openid }));
}

/**
 * Staff's rule-segment CSV exports in cloud storage (admin/rule-segments.ts names each on its
 * rule: admin/export-names.ts): they list every member's masked id and the reasons it matches —
 * the customer's own figures — so they go; staff export again for a current list. Every named
 * file: each export's own, and the one path of a rule exported before. The names stay: an export
 * running meanwhile named its file before storing it, and un-naming it here could leave that file,
 * stored after this removal, named nowhere for the next erasure (a missing file is deleted
 * tolerantly); retention drops a name once its file is gone for good. The export checks for this
 * erasure itself.
 * Each export's name is marked void first (`voidedAt`, export-names.ts): staff's list of exports
 * then says why its link is dead. Conditional on the name as read, so a name retention dropped
 * meanwhile is not written back as a mark without a file.
 */
async function eraseStaffExports({ db, files, now }: EraseDeps): Promise<number> {
  // Every rule (staff's, a few dozen), in `_id` pages: one unordered page of 1,000 would pass over
  // some once there are more; one walk for both forms of name (neither query reads the other's).
  const rules = await db.findAll(COLLECTIONS.ruleSegments, {}, { fields: { _id: true, exportFileId: true, [EXPORT_FILES]: true } });
  const ids = [...new Set(rules.flatMap((r) => namedFileIds(r)))];
  if (ids.length === 0) return 0;
  const at = now();
  for (const rule of rules) {
    for (const [exportId, name] of exportNames(rule)) {
      if (name.voidedAt !== undefined) continue;
      await db.updateWhere(COLLECTIONS.ruleSegments, { _id: rule._id, [`${EXPORT_FILES}.${exportId}.fileID`]: name.fileID }, { [exportVoidedPath(exportId)]: at });
    }
  }
  await files.remove(ids);
  return ids.length;
}

/** Removes everything of the caller but orders, outbox and the consent record (see the file comment). */
export async function eraseCustomerData(d: EraseDeps): Promise<EraseCounts> {
  return (await eraseWithDataMark(d)).counts;
}

/** {@link eraseCustomerData}, also answering the data mark it set (`dataErasedAt`, with `dataFrom` when known), if it set one. */
async function eraseWithDataMark(d: EraseDeps): Promise<{ counts: EraseCounts; dataErasedAt?: number; dataFrom?: number }> {
  const { db, openid } = d;
  const at = d.now();
  // Asked before the mark: data she creates after it is removed below, and the window is a call.
  const found = await refitDataOf(db, openid);
  const held = found.held;
  await markErased(db, openid, at, found);
  const profile = await db.removeWhere(COLLECTIONS.profiles, { _id: openid });
  const events = await db.removeWhere(COLLECTIONS.events, { openid });
  // The question above is a read, which may lag a profile or events written a moment ago (and a
  // refit may have read them); the removal acts on the primary, so its count settles it. When her
  // data began is then unknown (as early as can be).
  const data = held || profile > 0 || events > 0;
  if (data && !held) await db.updateById(COLLECTIONS.consents, openid, { dataErasedAt: at, dataFrom: db._.remove() });
  const from = held ? found.from : undefined;
  const grants = await db.removeWhere(COLLECTIONS.grants, { openid });
  const deadLetters = await db.removeWhere(COLLECTIONS.deadLetters, { openid });
  const segmentHistory = await db.removeWhere(COLLECTIONS.segmentHistory, { openid });
  const subscribePushes = await erasePushes(d);
  // Orders stay (the law keeps them) for storage only: marked, so nothing builds on them and
  // retention takes the openid off once their period ends (retention/order-identities.ts).
  await db.updateWhere(COLLECTIONS.orders, { openid }, { erasedAt: at });
  const exports = await eraseStaffExports(d);
  // Refits in flight start over only if she had rows they may have read (markErased's gate) and
  // their files may hold them; asked while a read's position naming her still says it read her.
  const who = { openid, is: (o: string) => o === openid, ...(typeof from === 'number' ? { dataFrom: from } : {}) };
  const inFlight = data ? await restartRunsInFlight(db, d.files, at, who) : 0;
  // After the profile and events went: a walk's position moves to the item before the customer.
  await movePositionsOff(db, openid);
  const purge = await purgeEndedRunArtifacts(db, d.files, { createdAt: db._.lte(at) }, {
    now: d.now,
    deadline: at + ARTIFACT_BUDGET_MS,
  });
  // Done: what retention's finisher looks for is a mark without this (see markErased). The record
  // is bumped again (updatedAt) now that the profile is gone: a projection that looked at it
  // between the mark and the removal kept the row (audience/projection-cache.ts).
  const done = d.now();
  await db.updateById(COLLECTIONS.consents, openid, { erasureDoneAt: done, updatedAt: done });
  const counts = { events, profile, grants, deadLetters, segmentHistory, subscribePushes, artifacts: purge.artifactsDeleted + inFlight, exports };
  return { counts, ...(data ? { dataErasedAt: at, ...(typeof from === 'number' ? { dataFrom: from } : {}) } : {}) };
}

/**
 * The rest of a withdrawal once the record is revoked (`withdrawnAt` set): erase, keep only a
 * tombstone — salted hash + time, no identifier, carrying the erasure mark on (jobs in flight
 * check it) before the record that had it goes — then remove the record.
 */
export async function finishWithdrawal(d: EraseDeps, withdrawnAt: number): Promise<EraseCounts> {
  const { counts: deleted, dataErasedAt, dataFrom } = await eraseWithDataMark(d);
  // The mark keeps the erasure's time, not the revocation's: when retention finishes a withdrawal
  // whose call died, jobs that read the customer in between must still see an erasure since then.
  // The data mark (what restarts refits) is carried over: this erasure's from its own answer (the
  // read below may lag the mark it just wrote), else an earlier one the record shows.
  const rec = await d.db.getById(COLLECTIONS.consents, d.openid);
  const mark = Math.max(dataErasedAt ?? 0, typeof rec?.dataErasedAt === 'number' ? rec.dataErasedAt : 0);
  // When that data began goes with the mark it belongs to.
  const from = mark > 0 && mark === dataErasedAt ? dataFrom : typeof rec?.dataFrom === 'number' && rec.dataErasedAt === mark ? rec.dataFrom : undefined;
  const data = mark > 0 ? { dataErasedAt: mark, ...(typeof from === 'number' ? { dataFrom: from } : {}) } : {};
  await d.db.setById(COLLECTIONS.consents, tombstoneId(d.openid), { tombstone: true, withdrawnAt, erasedAt: d.now(), ...data });
  await d.db.removeWhere(COLLECTIONS.consents, { _id: d.openid });
  return deleted;
}
