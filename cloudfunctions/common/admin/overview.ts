/** The admin overview: headline counts, model versions, last segmentation (and a refused refit) and drift warnings. */
import { tombstoneId } from '../consent/policy';
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';
import { servingSegmentMeta } from './model-meta';
import { MODEL_LABELS, shippedMeta } from './models';
import { driftNotes } from './drift-notes';
import { recentRuns } from './segment-runs';
import { lastSegmentRefitNote } from './segment-refit-note';
import type { Overview, ServingModel } from '../contracts/admin-replies';
import { beijingDayStart } from '../beijing-time';

export type { Overview };

/** Start of today in UTC+8, ms. */
export const startOfChinaDay = beijingDayStart;

/** What serves each model now, from its pointer (no pointer or `serving: null`: the shipped model, or none). */
async function servingModels(db: Db): Promise<ServingModel[]> {
  return Promise.all(
    Object.entries(MODEL_LABELS).map(async ([model, label]) => {
      const p = (await db.getById(COLLECTIONS.modelPointers, model)) as { serving?: string | null; changedAt?: unknown } | null;
      const since = p?.changedAt ? new Date(p.changedAt as string).toISOString() : null;
      if (p?.serving) return { model, label, source: 'shop' as const, version: p.serving, since };
      const shipped = shippedMeta(model)?.version;
      return shipped
        ? { model, label, source: 'shipped' as const, version: String(shipped), since }
        : { model, label, source: 'none' as const, version: null, since };
    }),
  );
}

/**
 * Customers who withdrew consent, each once. A finished withdrawal is its hashed tombstone (one
 * per customer: a second withdrawal rewrites it); a withdrawal in progress (or whose call died,
 * until retention finishes it) is the revoked record, which stays a moment after the tombstone is
 * written (common/consent/erase-customer.ts finishWithdrawal). So a revoked record counts only
 * while no tombstone of its openid exists. Such records are few and short-lived: one page of them
 * is read (beyond that, the rest count as they are).
 */
export async function countWithdrawn(db: Db): Promise<number> {
  const _ = db._;
  const revoked = { withdrawnAt: _.exists(true), tombstone: _.exists(false) };
  const [tombstones, open, page] = await Promise.all([
    db.count(COLLECTIONS.consents, { tombstone: true }),
    db.count(COLLECTIONS.consents, revoked),
    db.keysetPage(COLLECTIONS.consents, revoked, { limit: REVOKED_PAGE, fields: { _id: true } }),
  ]);
  const ids = page.docs.map((d) => tombstoneId(String(d._id)));
  const alsoTombstoned = ids.length ? (await db.findByIds(COLLECTIONS.consents, ids)).size : 0;
  return tombstones + open - alsoTombstoned;
}

/** Revoked records read per overview (normally none exist: each lives for one privacy call). */
const REVOKED_PAGE = 1000;

/** Computes the overview with count queries (no documents fetched but the runs). */
export async function overview(db: Db, now = Date.now()): Promise<Overview> {
  const _ = db._;
  const c = (name: string, where: Record<string, unknown> = {}): Promise<number> => db.count(name, where);
  const [customers, withdrawn, consented, personalizationOff, eventsToday, total, running, runs] =
    await Promise.all([
      c(COLLECTIONS.profiles),
      countWithdrawn(db),
      c(COLLECTIONS.consents, { granted: true, withdrawnAt: _.exists(false) }),
      c(COLLECTIONS.consents, { granted: true, personalization: false }),
      c(COLLECTIONS.events, { ts: _.gte(startOfChinaDay(now)) }),
      c(COLLECTIONS.campaigns),
      c(COLLECTIONS.campaigns, { status: _.in(['running', 'scheduled']) }),
      recentRuns(db, 30),
    ]);
  const drift = driftNotes(runs);
  const last = runs[runs.length - 1];
  const [seg, serving, segmentRefit] = await Promise.all([servingSegmentMeta(db), servingModels(db), lastSegmentRefitNote(db)]);
  return {
    customers,
    consented,
    withdrawn,
    personalizationOff,
    eventsToday,
    models: { segmentation: seg.meta ? seg.version : null, lastRunModel: last?.modelVersion ?? null, serving },
    lastSegmentationAt: last?.at ?? null,
    segmentRefit,
    drift,
    campaigns: { total, running },
  };
}
