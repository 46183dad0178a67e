/**
 * The timer's last answer per refit kind ("open a run now?" and why), kept in `jobs` as
 * `schedule:<kind>` so staff see why a model is not being refitted (too few rated reviews, refitted
 * three days ago, …) even when no run exists.
 */
import { COLLECTIONS } from '../contracts/collections';
import type { Db } from '../db/wx-db';

/** One schedule decision as stored. */
export interface ScheduleRecord {
  kind: string;
  start: boolean;
  /** Chinese, shown on the admin 模型 card. */
  reason: string;
  /** Epoch ms. */
  at: number;
}

const docId = (kind: string) => `schedule:${kind}`;

/** Records the timer's decision for `rec.kind` (replaces the previous one). */
export async function saveScheduleRecord(db: Db, rec: ScheduleRecord): Promise<void> {
  await db.setById(COLLECTIONS.jobs, docId(rec.kind), { ...rec });
}

/** The last decision for `kind`, or null before the timer first asked. */
export async function readScheduleRecord(db: Db, kind: string): Promise<ScheduleRecord | null> {
  const d = await db.getById(COLLECTIONS.jobs, docId(kind));
  return d ? { kind, start: d.start === true, reason: String(d.reason ?? ''), at: Number(d.at ?? 0) } : null;
}
