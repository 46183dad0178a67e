/**
 * 概览's line about the last segmentation refit when it did not ship: the 模型 page says why a
 * refit was refused (segment-refit/summary.ts), but a merchant who only looks at 概览 saw the
 * serving version and nothing else, and could wait for a new segmentation that was never coming.
 * Only the newest run counts: a later promoted run, or one still running, says nothing here.
 */
import { createJobRunner } from '../jobs/runner';
import { wxJobDb } from '../jobs/wx-ports';
import type { JobRun } from '../jobs/types';
import type { Db } from '../db/wx-db';
import type { SegmentRefitNote } from '../contracts/admin-replies';
import { noFiles, refitKind } from './models';

export type { SegmentRefitNote };

/** The note for `run` (the newest segmentation refit run), or null when there is nothing to say. */
export function segmentRefitNote(run: Pick<JobRun, 'status' | 'finishedAt' | 'updatedAt' | 'result'> | null | undefined): SegmentRefitNote | null {
  if (!run) return null;
  const at = run.finishedAt ?? run.updatedAt;
  if (run.status === 'failed') return { status: 'failed', at, summary: '分群重新训练没有完成，现有分群照常可用；原因见「模型」页，系统会按计划再试' };
  if (run.status !== 'succeeded' || run.result?.outcome !== 'rejected') return null;
  const summary = typeof run.result.summary === 'string' ? run.result.summary : '新分群版本未通过评估，未上线；现有分群照常可用';
  return { status: 'rejected', at, summary };
}

/** The note of the shop's newest segmentation refit run. */
export async function lastSegmentRefitNote(db: Db): Promise<SegmentRefitNote | null> {
  const runner = createJobRunner({ db: wxJobDb(db), files: noFiles });
  const [run] = await runner.runs(refitKind('segmentation'), 1);
  return segmentRefitNote(run);
}
