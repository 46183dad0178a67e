/**
 * The model store's lifecycle: `publishCandidate` (an `uploading` doc, its files to cloud storage,
 * then the doc made a candidate) →
 * `guard` (ships it only if it beats the incumbent on held-out data, by the caller's rule) →
 * serving → `rollback` (staff). The per-model pointer doc is the only thing the registry reads
 * to choose a version; it changes only through a compare-and-swap on its `rev`, so two refits
 * finishing at once can never both "win", and a promotion decided against an incumbent that has
 * since changed is refused (its evaluation is stale).
 */
import crypto from 'node:crypto';
import { QxError } from '../contracts/errors';
import { judge, type GuardRule } from './guard';
import type { ModelStorePorts } from './ports';
import {
  dataWindowSchema,
  evaluationSchema,
  SHIPPED,
  versionId,
  versionName,
  type DataWindow,
  type Evaluation,
  type JudgedEvaluation,
  type PointerDoc,
  type VersionDoc,
  type VersionFile,
} from './types';

/** Model names are folder names: the registry and cloud paths use them. */
const MODEL_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** Input of {@link ModelStore.publishCandidate}. */
export interface CandidateInput {
  model: string;
  /** File name → content; must include `meta.json` (its JSON becomes the doc's `meta`). */
  files: Record<string, Buffer>;
  dataWindow: DataWindow;
  producedBy?: string;
}

/** Result of {@link ModelStore.guard}. */
export interface GuardResult {
  promoted: boolean;
  evaluation: JudgedEvaluation;
  /** The version serving afterwards (`shipped` for the bundled model). */
  serving: string;
}

const servingOf = (p: PointerDoc | null) => p?.serving ?? SHIPPED;

/** The model store over its ports. */
export function createModelStore(ports: ModelStorePorts) {
  const { db, files } = ports;
  const now = ports.now ?? (() => new Date());

  function checkModel(model: string): void {
    if (!MODEL_NAME.test(model)) throw new QxError('INVALID_INPUT', `模型名无效：${model}`);
  }

  async function mustGetVersion(model: string, version: string): Promise<VersionDoc> {
    const doc = await db.getVersion(model, version);
    if (!doc) throw new QxError('NOT_FOUND', `模型 ${model} 没有版本 ${version}`);
    return doc;
  }

  /** Move the pointer from `pointer` (null = none yet) to `serving`; false when someone else moved it first. */
  async function swap(
    model: string,
    pointer: PointerDoc | null,
    serving: string | null,
    lastGood: string | null,
    change: PointerDoc['change'],
  ): Promise<boolean> {
    const next: PointerDoc = {
      _id: model,
      serving,
      lastGood,
      rev: (pointer?.rev ?? 0) + 1,
      changedAt: now(),
      change,
    };
    return db.swapPointer(pointer?.rev ?? 0, next);
  }

  return {
    /** Record a trained version, upload its files, and make it a candidate (not serving yet). */
    async publishCandidate(input: CandidateInput): Promise<VersionDoc> {
      checkModel(input.model);
      const dataWindow = dataWindowSchema.parse(input.dataWindow);
      const names = Object.keys(input.files);
      for (const n of names) if (!FILE_NAME.test(n)) throw new QxError('INVALID_INPUT', `文件名无效：${n}`);
      if (!input.files['meta.json']) throw new QxError('INVALID_INPUT', '候选版本缺少 meta.json');
      let meta: Record<string, unknown>;
      try {
        meta = JSON.parse(input.files['meta.json'].toString('utf8')) as Record<string, unknown>;
      } catch (e) {
        throw new QxError('INVALID_INPUT', `meta.json 不是合法 JSON：${(e as Error).message}`);
      }
      const pointer = await db.getPointer(input.model);
      const createdAt = now();
      const version = versionName(createdAt);
      const pathOf = (name: string) => `models/${input.model}/${version}/${name}`;
      const planned: VersionFile[] = [];
      for (const name of names) {
        const content = input.files[name];
        planned.push({
          name,
          fileID: await files.idOf(pathOf(name)),
          bytes: content.length,
          sha256: crypto.createHash('sha256').update(content).digest('hex'),
        });
      }
      const doc: VersionDoc = {
        _id: versionId(input.model, version),
        model: input.model,
        version,
        status: 'uploading',
        createdAt,
        files: planned,
        meta,
        evaluation: null,
        dataWindow,
        parent: servingOf(pointer),
        ...(input.producedBy ? { producedBy: input.producedBy } : {}),
      };
      // The document first, naming every file before it is stored: a publish that dies anywhere
      // after this leaves an `uploading` version whose files retention deletes, then the version
      // (UPLOAD_LEASE_MS). One that dies before it has stored no file.
      await db.insertVersion(doc);
      const stored: VersionFile[] = [];
      for (const f of planned) {
        // A platform whose fileIDs were not predictable would still get the right names on flip.
        const fileID = await files.upload(pathOf(f.name), input.files[f.name]);
        stored.push({ ...f, fileID });
      }
      const ready: VersionDoc = { ...doc, status: 'candidate', files: stored };
      let finished: boolean;
      try {
        finished = await db.finishUpload(input.model, version, stored);
      } catch (err) {
        // An answer lost with the write applied is a candidate; otherwise the version stays
        // `uploading`, never judged nor served, and retention clears it after the lease.
        const there = await db.getVersion(input.model, version).catch(() => null);
        if (there?.status === 'candidate') return ready;
        throw err;
      }
      if (!finished) {
        // Retention took this version as a dead publish's: its files must not outlive it.
        await files.remove(stored.map((f) => f.fileID)).catch(() => undefined);
        throw new QxError('CONFLICT', `版本 ${version} 上传超时，已被清理，请重新训练`);
      }
      return ready;
    },

    /**
     * Promote candidate `version` only if `evaluation` (computed against the version serving now)
     * passes `rule`; otherwise it is marked rejected and the incumbent keeps serving.
     */
    async guard(a: {
      model: string;
      version: string;
      evaluation: Evaluation;
      rule: GuardRule;
      by?: string;
    }): Promise<GuardResult> {
      const evaluation = evaluationSchema.parse(a.evaluation);
      const doc = await mustGetVersion(a.model, a.version);
      if (doc.status !== 'candidate')
        throw new QxError('CONFLICT', `版本 ${a.version} 已是${doc.status}，不能再评估`);
      const pointer = await db.getPointer(a.model);
      const incumbent = servingOf(pointer);
      let judged = judge(evaluation, a.rule);
      if (evaluation.incumbentVersion !== incumbent)
        judged = {
          ...judged,
          passed: false,
          reason: `compared with ${evaluation.incumbentVersion}, but ${incumbent} serves now (stale evaluation)`,
        };
      const reject = async (e: JudgedEvaluation) => {
        await db.patchVersion(a.model, a.version, { status: 'rejected', evaluation: e });
        return { promoted: false, evaluation: e, serving: incumbent };
      };
      if (!judged.passed) return reject(judged);
      const moved = await swap(a.model, pointer, a.version, pointer?.serving ?? null, {
        kind: 'guard',
        by: a.by ?? 'refit',
        from: incumbent,
        to: a.version,
        note: judged.reason,
      });
      if (!moved)
        return reject({
          ...judged,
          passed: false,
          reason: `${judged.reason}; but the serving version changed meanwhile (stale evaluation)`,
        });
      const at = now();
      await db.patchVersion(a.model, a.version, { status: 'serving', evaluation: judged, servingSince: at });
      if (pointer?.serving)
        await db.patchVersion(a.model, pointer.serving, { status: 'retired', retiredAt: at });
      return { promoted: true, evaluation: judged, serving: a.version };
    },

    /** Staff: serve `to` (a version that served before, or `shipped`) instead of the current one. */
    async rollback(a: { model: string; to: string; by: string; note?: string }): Promise<PointerDoc> {
      checkModel(a.model);
      const pointer = await db.getPointer(a.model);
      const from = servingOf(pointer);
      if (a.to === from) throw new QxError('CONFLICT', `${a.to} 已在使用中`);
      if (a.to !== SHIPPED) {
        const target = await mustGetVersion(a.model, a.to);
        if (target.status !== 'retired')
          throw new QxError('CONFLICT', `只能回滚到曾经上线过的版本（${a.to} 的状态是 ${target.status}）`);
        if (target.filesPurgedAt)
          throw new QxError('CONFLICT', `${a.to} 的模型文件已按保留策略清理，不能再回滚到它`);
      }
      const to = a.to === SHIPPED ? null : a.to;
      // The version rolled back from is not a fallback any more; keep an older one if there is one.
      const keep = pointer?.lastGood && pointer.lastGood !== a.to ? pointer.lastGood : null;
      const moved = await swap(a.model, pointer, to, keep, {
        kind: 'rollback',
        by: a.by,
        from,
        to: a.to,
        ...(a.note ? { note: a.note } : {}),
      });
      if (!moved) throw new QxError('CONFLICT', '模型版本刚被其他操作更改，请刷新后重试');
      const at = now();
      if (pointer?.serving)
        await db.patchVersion(a.model, pointer.serving, { status: 'retired', retiredAt: at });
      if (to) await db.patchVersion(a.model, to, { status: 'serving', servingSince: at });
      return (await db.getPointer(a.model)) as PointerDoc;
    },

    /** The pointer and the serving version's doc (null doc = the shipped model serves). */
    async state(model: string): Promise<{ pointer: PointerDoc | null; serving: VersionDoc | null }> {
      const pointer = await db.getPointer(model);
      return { pointer, serving: pointer?.serving ? await db.getVersion(model, pointer.serving) : null };
    },

    /** Versions of `model`, newest first; status reconciled with the pointer (the source of truth). */
    async history(model: string, limit = 20): Promise<VersionDoc[]> {
      const [pointer, list] = await Promise.all([db.getPointer(model), db.listVersions(model, limit)]);
      return list.map((v) => {
        if (pointer?.serving === v.version) return { ...v, status: 'serving' };
        if (v.status === 'serving') return { ...v, status: 'retired' }; // a crash between pointer and status update
        return v;
      });
    },

    /** One version's doc (null when absent). */
    version: (model: string, version: string) => db.getVersion(model, version),

    /** Models that have a pointer. */
    pointers: () => db.listPointers(),

    /** The registry reports a version that failed to load (kept on the doc for the admin page). */
    async reportLoadFailure(model: string, version: string, reason: string, message: string): Promise<void> {
      const doc = await db.getVersion(model, version);
      if (!doc) return;
      const loadFailures = [
        ...(doc.loadFailures ?? []),
        { at: now(), reason, message: message.slice(0, 500) },
      ].slice(-5);
      await db.patchVersion(model, version, { loadFailures });
    },

    /** The bytes of a version's files (the registry downloads them once per container). */
    download: (fileID: string) => files.download(fileID),
  };
}

/** The model store API. */
export type ModelStore = ReturnType<typeof createModelStore>;
