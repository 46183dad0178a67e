/**
 * Model versions are promoted only by the guard, whichever database request of a refit's publish
 * and guard a crash hits (the storage calls of a dying process fail too): afterwards the pointer
 * serves the incumbent or the new version — never a version the guard did not pass, never one
 * whose document or files are missing — its fallback is loadable, no version document points at
 * missing files, and the next refit's candidate is guarded and promoted as usual. After recovery
 * (that refit, then retention's pass past the upload lease) no stored file is unnamed by a version
 * document and no version is left `uploading`. Also every pair of failed requests (a lost answer
 * whose read-back fails too).
 */
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { exploreCrashPoints, type CrashPlan } from '../../../cloudfunctions/common/db/testing/crash-points';
import type { Db } from '../../../cloudfunctions/common/db/wx-db';
import { memoryModelFiles } from '../../../cloudfunctions/common/model-store/memory-ports';
import { createModelStore, type ModelStore } from '../../../cloudfunctions/common/model-store/store';
import { SHIPPED, UPLOAD_LEASE_MS, type PointerDoc, type VersionDoc } from '../../../cloudfunctions/common/model-store/types';
import { wxModelDb } from '../../../cloudfunctions/common/model-store/wx-ports';
import { purgeModelFiles } from '../../../cloudfunctions/retention/model-files';
import { crashWorld, NOW } from './world';

const MODEL = 'sentiment';
const RULE = { higherIsBetter: true, minHeldOut: 50 };
const files = (v: number) => ({ 'model.onnx': Buffer.from(`graph ${v}`), 'meta.json': Buffer.from(JSON.stringify({ name: MODEL, v })) });

/** One refit's end: publish the candidate, judge it against what serves now (it is better). */
async function refit(store: ModelStore, v: number): Promise<string> {
  const incumbent = (await store.state(MODEL)).pointer?.serving ?? SHIPPED;
  const c = await store.publishCandidate({ model: MODEL, files: files(v), dataWindow: { from: '2026-01-01', to: '2026-11-30', n: 800 } });
  const evaluation = { metric: 'accuracy', candidate: 0.8 + v / 100, incumbent: 0.8, heldOut: 300, incumbentVersion: incumbent };
  await store.guard({ model: MODEL, version: c.version, evaluation, rule: RULE });
  return c.version;
}

async function setup(plan: CrashPlan, incumbent: boolean) {
  const w = crashWorld(plan);
  const blobs = memoryModelFiles();
  let tick = 0;
  const now = () => new Date(NOW + ++tick * 1000);
  const dying = {
    ...blobs,
    upload: async (p: string, c: Buffer) => (plan.alive() ? blobs.upload(p, c) : Promise.reject(new Error('the process died'))),
    remove: async (ids: string[]) => (plan.alive() ? blobs.remove(ids) : Promise.reject(new Error('the process died'))),
  };
  const storeOn = (db: Db, f: typeof blobs) => createModelStore({ db: wxModelDb(db), files: f, now });
  const raw = storeOn(w.raw, blobs);
  const first = incumbent ? await refit(raw, 1) : '';
  return { ...w, blobs, first, store: storeOn(w.db, dying), recoveryStore: raw, crashed: '' };
}
type World = Awaited<ReturnType<typeof setup>>;

async function check(w: World, also: string[] = []): Promise<void> {
  const pointer = (await w.raw.getById(COLLECTIONS.modelPointers, MODEL)) as PointerDoc | null;
  const versions = w.rows(COLLECTIONS.modelVersions) as unknown as VersionDoc[];
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  for (const v of versions)
    for (const f of v.files)
      if (v.status !== 'uploading' && !w.blobs.blobs.has(f.fileID))
        throw new Error(`version ${v.version} (${v.status}) points at a missing file ${f.name}`);
  // No promotion yet: the shipped model serves.
  if (!pointer && !w.first) return;
  const serving = pointer?.serving;
  if (!serving || ![w.first, w.crashed, ...also].includes(serving)) throw new Error(`the pointer serves ${serving}`);
  const doc = byVersion.get(serving);
  if (!doc) throw new Error(`the pointer serves ${serving}, which has no version document`);
  if (doc.status === 'uploading') throw new Error(`the pointer serves ${serving}, whose upload never finished`);
  if (doc.status === 'rejected') throw new Error(`the pointer serves ${serving}, which the guard rejected: ${JSON.stringify(doc.evaluation)}`);
  if (pointer.change.kind !== 'guard' || pointer.change.to !== serving) throw new Error(`the pointer's last change is not the guard's promotion of ${serving}: ${JSON.stringify(pointer.change)}`);
  if (serving !== w.first && (pointer.lastGood ?? SHIPPED) !== pointer.change.from) throw new Error(`fallback ${pointer.lastGood}, want ${pointer.change.from}`);
}

/** After recovery: every stored file is named by a version document, and no upload is left half-done. */
function checkNoOrphans(w: World): void {
  const versions = w.rows(COLLECTIONS.modelVersions) as unknown as VersionDoc[];
  const named = new Set(versions.flatMap((v) => v.files.map((f) => f.fileID)));
  const orphans = [...w.blobs.blobs.keys()].filter((id) => !named.has(id));
  if (orphans.length) throw new Error(`stored files no version document names: ${orphans.join(', ')}`);
  const uploading = versions.filter((v) => v.status === 'uploading');
  if (uploading.length) throw new Error(`versions left uploading: ${uploading.map((v) => v.version).join(', ')}`);
}

async function recover(w: World): Promise<void> {
  const version = await refit(w.recoveryStore, 3);
  const pointer = (await w.raw.getById(COLLECTIONS.modelPointers, MODEL)) as PointerDoc;
  if (pointer.serving !== version) throw new Error(`the next refit's better candidate does not serve: ${JSON.stringify(pointer)}`);
  // Retention's next pass, once the dead publish's upload lease has run out.
  const later = NOW + UPLOAD_LEASE_MS + 3_600_000;
  await purgeModelFiles({ db: w.raw, files: w.blobs, now: () => later, deadline: later + 60_000 });
  checkNoOrphans(w);
}

it.each([
  ['a version serves', true],
  ["the model's first promotion (no pointer yet)", false],
])('publish + guard, %s: every crash point leaves a pointer the guard set, with loadable files, and the next refit promotes', async (_name, incumbent) => {
  const report = await exploreCrashPoints<World>({
    setup: (plan) => setup(plan, incumbent),
    async run(w) {
      const c = await w.store.publishCandidate({ model: MODEL, files: files(2), dataWindow: { from: '2026-01-01', to: '2026-11-30', n: 800 } });
      w.crashed = c.version;
      const evaluation = { metric: 'accuracy', candidate: 0.82, incumbent: 0.81, heldOut: 300, incumbentVersion: w.first || SHIPPED };
      await w.store.guard({ model: MODEL, version: c.version, evaluation, rule: RULE });
    },
    async recover(w) {
      await check(w);
      await recover(w);
    },
    async check(w) {
      await check(w, w.rows(COLLECTIONS.modelVersions).map((v) => String(v.version)));
      checkNoOrphans(w);
    },
    pairs: true,
  });
  expect(report.requests).toBeGreaterThanOrEqual(6);
});
