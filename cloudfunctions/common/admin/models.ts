/**
 * The admin 模型 card: per model, which version serves and where it came from (shipped with the
 * function, or a refit on the shop's own data), when it was trained and on what data window, its
 * held-out evaluation against the incumbent, recent versions, load failures the registry
 * reported, and the last refit run. Staff can roll back to a version that served before (or to
 * the shipped model) and request a refit (the `refit` function works on it at once, then on its timer).
 */
import { createJobRunner } from '../jobs/runner';
import { runSummary } from '../jobs/run-summary';
import { readScheduleRecord } from '../jobs/schedule-log';
import { wxJobDb } from '../jobs/wx-ports';
import type { Db } from '../db/wx-db';
import { QxError } from '../contracts/errors';
import { readOneMore } from '../contracts/read-one-more';
import { findModelDir } from '../inference/models-dir';
import { createModelStore } from '../model-store/store';
import type { ModelFiles } from '../model-store/ports';
import { isStalledUpload, SHIPPED, type VersionDoc } from '../model-store/types';
import { wxModelDb } from '../model-store/wx-ports';
import fs from 'node:fs';
import path from 'node:path';

/** Models the product knows, with their Chinese names (a pointer for another model is listed too). */
export const MODEL_LABELS: Record<string, string> = {
  sentiment: '评价情感',
  segmentation: '客户分群',
  value: '客户价值',
};

/** A cloud function call that works on a model's refit run now (its reply carries the tick). */
export interface RefitCall {
  name: string;
  data: Record<string, unknown>;
}

/**
 * The function that works on `model`'s refit run when staff ask, so it starts at once instead of
 * at the next timer tick. The `refit` function hosts sentiment and segmentation (its kinds.ts);
 * `value` runs its own refit: its timer also scores every profile with the serving version, and
 * ticking the refit there starts that pass in the same call a refit promotes, without a value
 * refit of many customers sharing the refit host's budget with the other models.
 */
export function refitCall(model: string, budgetMs: number): RefitCall | null {
  if (model === 'value') return { name: 'value', data: { action: 'refit', budgetMs } };
  if (model === 'sentiment' || model === 'segmentation')
    return { name: 'refit', data: { action: 'tick', kind: refitKind(model), budgetMs } };
  return null;
}

/** The refit job kind of a model (what `modelRefit` starts and the refit function ticks). */
export const refitKind = (model: string) => `refit:${model}`;

/** The admin function reads and moves pointers only; it never touches version files. */
export const noFiles: ModelFiles = {
  upload: () => Promise.reject(new Error('admin does not upload model files')),
  download: () => Promise.reject(new Error('admin does not download model files')),
  idOf: () => Promise.reject(new Error('admin does not upload model files')),
  remove: () => Promise.reject(new Error('admin does not delete model files')),
};

/** The meta.json shipped with the function for `model` (null when it ships none, as value). */
export function shippedMeta(model: string): Record<string, unknown> | null {
  try {
    const dir = findModelDir(model);
    return dir
      ? (JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const trainedAt = (meta: Record<string, unknown> | null | undefined) =>
  (meta?.trainedAt ?? meta?.createdAt ?? null) as string | null;

function versionView(v: VersionDoc, now: number) {
  return {
    version: v.version,
    status: v.status,
    // Judged here, on the server's clock, by retention's own rule: the page's clock may be off.
    stalledUpload: isStalledUpload(v, now),
    createdAt: v.createdAt,
    trainedAt: trainedAt(v.meta) ?? v.createdAt,
    dataWindow: v.dataWindow,
    evaluation: v.evaluation,
    parent: v.parent,
    servingSince: v.servingSince ?? null,
    loadFailures: v.loadFailures ?? [],
  };
}

/** How many versions of a model the 模型 card lists, newest first. */
export const VERSIONS_LISTED = 10;

/** The 模型 card's data at `now`. */
export async function modelsPage(db: Db, now = Date.now()) {
  const store = createModelStore({ db: wxModelDb(db), files: noFiles });
  const runner = createJobRunner({ db: wxJobDb(db), files: noFiles });
  const pointers = await store.pointers();
  const names = [...new Set([...Object.keys(MODEL_LABELS), ...pointers.map((p) => p._id)])];
  return Promise.all(
    names.map(async (model) => {
      const pointer = pointers.find((p) => p._id === model) ?? null;
      const [listed, runs, schedule] = await Promise.all([
        // Whether older versions exist than the card lists (it listed 10, silently).
        readOneMore(VERSIONS_LISTED, (limit) => store.history(model, limit)),
        runner.runs(refitKind(model), 1),
        readScheduleRecord(db, refitKind(model)),
      ]);
      const history = listed.items;
      const serving = pointer?.serving ? (history.find((v) => v.version === pointer.serving) ?? null) : null;
      const shipped = shippedMeta(model);
      const run = runs[0] ?? null;
      return {
        model,
        label: MODEL_LABELS[model] ?? model,
        serving: serving
          ? { ...versionView(serving, now), source: 'shop' as const }
          : {
              version: SHIPPED,
              source: 'shipped' as const,
              trainedAt: trainedAt(shipped),
              shippedVersion: shipped?.version ?? null,
              dataWindow: null,
              evaluation: null,
            },
        lastGood: pointer?.lastGood ?? null,
        lastChange: pointer ? { ...pointer.change, at: pointer.changedAt } : null,
        versions: history.map((v) => versionView(v, now)),
        /** Older versions exist than the {@link VERSIONS_LISTED} listed. */
        olderVersions: listed.more,
        rollbackTargets: [
          ...history.filter((v) => v.status === 'retired' && !v.filesPurgedAt).map((v) => v.version),
          ...(pointer?.serving ? [SHIPPED] : []),
        ],
        lastRefit: runSummary(run),
        schedule: schedule ? { start: schedule.start, reason: schedule.reason, at: schedule.at } : null,
      };
    }),
  );
}

/** Staff: serve `to` instead of the current version of `model`. */
export async function rollbackModel(db: Db, staff: string, model: string, to: string, note?: string) {
  const store = createModelStore({ db: wxModelDb(db), files: noFiles });
  const p = await store.rollback({ model, to, by: `staff:${staff}`, ...(note ? { note } : {}) });
  return { model, serving: p.serving ?? SHIPPED, lastGood: p.lastGood };
}

/**
 * Staff: ask for a refit of `model` now (a run already in progress is answered instead), then let
 * the refit function work on it within its budget. If that call fails, the run stays open and the
 * next timer tick continues it; the failure is logged and answered (`tick: null`, `tickError`).
 */
export async function requestRefit(
  db: Db,
  staff: string,
  model: string,
  runRefit?: (call: RefitCall) => Promise<unknown>,
  budgetMs = 25_000,
) {
  if (!(model in MODEL_LABELS)) throw new QxError('INVALID_INPUT', `没有可重新训练的模型：${model}`);
  const runner = createJobRunner({ db: wxJobDb(db), files: noFiles });
  const started = await runner.start(refitKind(model), { requestedBy: `staff:${staff}` });
  const call = refitCall(model, budgetMs);
  if (!runRefit || !call) return { ...started, tick: null };
  try {
    const reply = (await runRefit(call)) as {
      ok?: boolean;
      // the refit host answers its ticks, the value function its refit tick (and its scoring pass)
      data?: { ticks?: Array<Record<string, unknown>>; refit?: Record<string, unknown> };
      error?: { code: string; message: string };
    };
    if (!reply?.ok) throw new Error(reply?.error ? `${reply.error.code}: ${reply.error.message}` : 'no reply');
    return { ...started, tick: reply.data?.ticks?.[0] ?? reply.data?.refit ?? null };
  } catch (err) {
    console.error(`[admin] refit ${model}: tick after the request failed; the timer continues the run`, err);
    return { ...started, tick: null, tickError: (err as Error).message.slice(0, 200) };
  }
}
