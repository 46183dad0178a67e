/**
 * One retention pass over everything Qunxiang derives besides raw events: the age policies
 * (segment runs and history, value snapshots), customer erasures a dead call left half-done, job
 * runs and their checkpoints, model files, staff's export files whose link has expired, order
 * fences no write can need any more, and the openid on erased customers' orders past their legal
 * retention (after marking, once, the orders that earlier releases' erasures left unmarked).
 * Each part is small and bounded; they run before the raw-event purge, which may need many calls.
 */
import { DAY_MS } from '../common/profile/day';
import { finishErasures, type ErasuresReport } from './erasures';
import { purgeExportFiles, type ExportFilesReport } from './export-files';
import { purgeJobRuns, type JobRunsReport } from './job-runs';
import { purgeModelFiles, type ModelFilesReport } from './model-files';
import { purgeOrderFences, type OrderFencesReport } from './order-fences';
import { backfillOrderErasures, type OrderBackfillReport } from './order-erasure-backfill';
import { stripErasedOrders, type OrderIdentitiesReport } from './order-identities';
import { AGE_POLICIES, type PassContext } from './policies';
import { purgeWhere } from './purge';

/** What one housekeeping pass did. */
export interface HousekeepingReport {
  /** Documents removed per collection by the age policies. */
  removed: Record<string, number>;
  /** Customer erasures a dead privacy call left half-done, finished. */
  erasures: ErasuresReport;
  jobRuns: JobRunsReport;
  modelFiles: ModelFilesReport;
  exportFiles: ExportFilesReport;
  /** Order fences older than any write of their id can be (order-fences.ts). */
  orderFences: OrderFencesReport;
  /** Orders that erasures of earlier releases left unmarked, marked (order-erasure-backfill.ts; one walk, then done). */
  orderBackfill: OrderBackfillReport;
  /** Erased customers' orders past their legal retention that lost the openid (order-identities.ts). */
  erasedOrders: OrderIdentitiesReport;
  done: boolean;
}

/** Runs every housekeeping part until done or `deadline` (epoch ms). */
export async function housekeeping(o: PassContext): Promise<HousekeepingReport> {
  const removed: Record<string, number> = {};
  let done = true;
  for (const p of AGE_POLICIES) {
    const r = await purgeWhere({
      db: o.db,
      collection: p.collection,
      field: p.field,
      cond: o.db._.lt(o.now() - p.days * DAY_MS),
      now: o.now,
      deadline: o.deadline,
    });
    removed[p.collection] = r.removed;
    done &&= r.done;
  }
  // Before the job runs: a finished erasure's mark is what purges runs that read the customer.
  const erasures = await finishErasures(o);
  const jobRuns = await purgeJobRuns(o);
  const modelFiles = await purgeModelFiles(o);
  const exportFiles = await purgeExportFiles(o);
  const orderFences = await purgeOrderFences(o);
  // Before the strip: an order it marks whose three years have run loses the openid in the same pass.
  const orderBackfill = await backfillOrderErasures(o);
  const erasedOrders = await stripErasedOrders(o);
  return {
    removed,
    erasures,
    jobRuns,
    modelFiles,
    exportFiles,
    orderFences,
    orderBackfill,
    erasedOrders,
    done: done && erasures.done && jobRuns.done && modelFiles.done && orderFences.done && orderBackfill.done && erasedOrders.done,
  };
}
