/**
 * A staff export of a rule segment racing a customer's erasure, in every order their requests can
 * reach the database and cloud storage (cloudfunctions/common/db/testing/interleavings.ts). After
 * both (and, in the second exploration, after a later erasure of a member), no file in storage
 * holds an erased customer's masked id, and every export file is named on its rule, where every
 * erasure looks for it. An export that started before the erasure and uploads after it deleted
 * the rule's file must not leave its own behind; an export that starts after the erasure must
 * succeed without them.
 *
 * Gated: requests on profiles, consents and rule_segments and every storage upload/removal, the
 * only ones the two operations share. The erasure's other removals (events, grants, job runs…)
 * commute with everything the export does, so their place among its requests changes nothing.
 */
import { cachedProjection, PROJECTION_TTL_MS } from '../../../cloudfunctions/common/audience/projection-cache';
import { saveRuleSegment } from '../../../cloudfunctions/common/audience/rule-store';
import { INLINE_EXPORT_BYTES, type ExportAnswer, type ExportFiles } from '../../../cloudfunctions/common/admin/export-file';
import { exportNamePath, exportNames, exportPath, namedFileIds } from '../../../cloudfunctions/common/admin/export-names';
import { maskOpenid } from '../../../cloudfunctions/common/admin/outbox-list';
import { ruleSegmentCsv } from '../../../cloudfunctions/common/admin/rule-segments';
import { eraseCustomerData } from '../../../cloudfunctions/common/consent/erase-customer';
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { exploreInterleavings, gatedSdk, type Access, type Gate, type Outcome } from '../../../cloudfunctions/common/db/testing/interleavings';
import { memorySdk } from '../../../cloudfunctions/common/db/testing/memory-sdk';
import { Db } from '../../../cloudfunctions/common/db/wx-db';
import { memoryModelFiles } from '../../../cloudfunctions/common/model-store/memory-ports';
import { purgeExportFiles } from '../../../cloudfunctions/retention/export-files';
import { EXPORT_FILE_MS } from '../../../cloudfunctions/retention/policies';
import { NOW } from '../crash-points/world';
import { realmClone } from '../../../scripts/local-cloud/db/clone';

/** Erased during the export (a member of the segment). */
const ERASED = 'oErasedCustomer0001';
/** A member who stays. */
const KEPT = 'oKeptCustomer000002';
/** Erased during the export, not a member (another segment). */
const OTHER = 'oOtherCustomer00003';

let clock = NOW;
beforeEach(() => {
  // Every read of the clock moves it on a millisecond: erasure marks, bumps and the projection's
  // "consents seen since" compare as they would in one container.
  jest.spyOn(Date, 'now').mockImplementation(() => clock++);
  // The CSV of three members counts as too big to answer inline, so it goes to cloud storage.
  const byteLength = Buffer.byteLength.bind(Buffer);
  jest.spyOn(Buffer, 'byteLength').mockImplementation(((s: string | Buffer, enc?: BufferEncoding) =>
    typeof s === 'string' && s.startsWith('# ') ? INLINE_EXPORT_BYTES + 1 : byteLength(s, enc)) as typeof Buffer.byteLength);
});
afterEach(() => jest.restoreAllMocks());

const GATED = new Set<string>([COLLECTIONS.profiles, COLLECTIONS.consents, COLLECTIONS.ruleSegments]);
/** Cloud storage: an upload or a removal writes it. */
const STORAGE: Access = { on: 'storage', write: true };

/** The shop every schedule starts from (built once, copied per schedule). */
async function shop() {
  const sdk = memorySdk();
  const raw = new Db(sdk);
  for (const [openid, segment] of [[ERASED, 1], [KEPT, 1], [OTHER, 2]] as const) {
    await raw.insert(COLLECTIONS.profiles, [{ _id: openid, openid, rev: 1, d: {}, segment }]);
    await raw.insert(COLLECTIONS.consents, [{ _id: openid, openid, version: 1, granted: true, grantedAt: 1, personalization: true, updatedAt: NOW - 86_400_000 }]);
  }
  const rule = await saveRuleSegment(raw, 'staff', { name: '一群', include: { op: 'and', items: [{ kind: 'segment', in: ['1'] }] } }, NOW - 86_400_000);
  return { tables: sdk.tables, ruleId: rule._id };
}
let base: Awaited<ReturnType<typeof shop>>;
beforeAll(async () => {
  base = await shop();
});

async function setup(cache: 'warm' | 'cold') {
  clock = NOW;
  // Copied in this realm (clone.ts): the memory database's fast update path takes only its own objects.
  const sdk = memorySdk(new Map([...base.tables].map(([name, docs]) => [name, new Map([...docs].map(([id, d]) => [id, realmClone(d)]))])));
  const raw = new Db(sdk);
  // The container's projection: built a moment ago (the export patches it with the consents
  // written since), or older than its TTL (the export builds it).
  await cachedProjection(raw, { refresh: true, now: cache === 'warm' ? NOW - 1 : NOW - PROJECTION_TTL_MS - 1 });
  return { sdk, raw, files: memoryModelFiles(), ruleId: base.ruleId };
}
type World = Awaited<ReturnType<typeof setup>>;

/**
 * The world's database and storage with the shared requests waiting at `gate`; `diesAfterUpload`:
 * the process dies once its upload is stored (every later request fails).
 */
function through(w: World, gate: Gate, diesAfterUpload = false) {
  let dead = false;
  const turn: Gate = Object.assign(
    async (label: string, access?: Access) => {
      await gate(label, access);
      if (dead) throw new Error(`${label}: the process died`);
    },
    { track: gate.track, touch: gate.touch },
  );
  const db = new Db(gatedSdk(w.sdk, turn, (collection) => GATED.has(collection)));
  const files: ExportFiles = {
    idOf: (p) => w.files.idOf(p),
    upload: async (p, content) => {
      await turn('storage.upload', STORAGE);
      const id = await w.files.upload(p, content);
      dead = diesAfterUpload;
      return id;
    },
    remove: async (ids) => (await turn('storage.remove', STORAGE), w.files.remove(ids)),
    tempUrl: async (id) => `https://tmp/${id}`,
  };
  return { db, files };
}

const exportOp = (w: World, gate: Gate) => {
  const t = through(w, gate);
  return ruleSegmentCsv(t.db, w.ruleId, t.files);
};
const exportDyingAfterUpload = (w: World, gate: Gate) => {
  const t = through(w, gate, true);
  return ruleSegmentCsv(t.db, w.ruleId, t.files);
};
const erasureOf = (openid: string) => (w: World, gate: Gate) => {
  const t = through(w, gate);
  return eraseCustomerData({ db: t.db, files: t.files, openid, now: Date.now });
};

/**
 * No stored file holds an erased customer's masked id; every export file is named on its rule;
 * staff's list tells every file that went: a name without a file is marked void (unless an export
 * died between naming and storing: `died`). (A void mark over a stored file is allowed: an upload
 * after the erasure's removal of a file the export holds nobody erased in; export-names.ts.)
 */
async function checkStorage(w: World, erased: string[], allow: { died?: boolean } = {}): Promise<void> {
  const rule = await w.raw.getById(COLLECTIONS.ruleSegments, w.ruleId);
  for (const [id, blob] of w.files.blobs) {
    const text = blob.toString();
    for (const o of erased) if (text.includes(maskOpenid(o))) throw new Error(`${id} holds erased ${o} (${maskOpenid(o)})`);
    if (!namedFileIds(rule ?? {}).includes(id)) throw new Error(`${id} is stored but not named on its rule (rule names ${namedFileIds(rule ?? {})})`);
  }
  for (const [exportId, name] of exportNames(rule)) {
    const stored = w.files.blobs.has(name.fileID);
    if (!allow.died && name.voidedAt === undefined && !stored) throw new Error(`export ${exportId}'s file is gone but the list does not say so`);
  }
}

/** The export answered its file, or refused because the erasure raced it (no other error). */
function checkExport(out: Outcome): void {
  if (!out.ok) {
    if ((out.error as { code?: string }).code !== 'CONFLICT') throw out.error;
    return;
  }
  if (!(out.value as ExportAnswer).file) throw new Error('answered inline');
}

/** Whether every gated request of operation `a` went before every one of operation `b`. */
const allBefore = (steps: string[], a: number, b: number): boolean =>
  steps.map((s) => s.startsWith(`${a}:`)).lastIndexOf(true) < steps.findIndex((s) => s.startsWith(`${b}:`));

// Reduced (`reduce`, interleavings-reduction.ts): one order of each run of neighbouring steps that
// commute (reads of different operations, writes of different collections), every final state
// kept: 1,425 schedules run to the end and 1,231 left part-way, where the full walk ran 24,216 at
// 45a8e44 and more since the erasure gained gated requests (QX_INTERLEAVINGS_FULL=1 runs it; at load
// 12-18 four of its cases passed 600 s each). About 80 s for the file at load 12-14.
jest.setTimeout(600_000);

it.each(['warm', 'cold'] as const)('an export racing the erasure of one of its members leaves no file holding them (%s projection)', async (cache) => {
  const report = await exploreInterleavings<World>({
    reduce: true,
    setup: () => setup(cache),
    ops: [exportOp, erasureOf(ERASED)],
    check: async (w, [exported], steps) => {
      await checkStorage(w, [ERASED]);
      checkExport(exported);
      if (allBefore(steps, 1, 0)) {
        // Erased before the export began: it succeeds, without them.
        if (!exported.ok) throw new Error('an export that started after the erasure was refused');
        const text = w.files.blobs.get((exported.value as ExportAnswer).file!.fileID)?.toString() ?? '';
        if (!text.includes(maskOpenid(KEPT))) throw new Error('the export file lacks a member');
      }
      if (allBefore(steps, 0, 1) && !exported.ok) throw new Error('an export that ended before the erasure was refused');
    },
  });
  expect(report.schedules).toBeGreaterThan(100);
});

it('an export racing the erasure of a non-member keeps its file where the erasure of a member finds it later', async () => {
  const report = await exploreInterleavings<World>({
    reduce: true,
    setup: () => setup('warm'),
    ops: [exportOp, erasureOf(OTHER)],
    check: async (w, [exported]) => {
      if (!exported.ok) throw new Error(`refused though no member was erased: ${String(exported.error)}`);
      checkExport(exported);
      await checkStorage(w, []);
      await eraseCustomerData({ db: w.raw, files: w.files, openid: ERASED, now: Date.now });
      await checkStorage(w, [ERASED, OTHER]);
    },
  });
  expect(report.schedules).toBeGreaterThan(100);
});

it("an export that dies once its file is stored, racing the erasure of a member: retention deletes the file when its link has expired", async () => {
  // The one window the export's own check leaves: the erasure deleted the rule's file between the
  // export's naming and its upload, and the export died before it could look for the erasure.
  const report = await exploreInterleavings<World>({
    reduce: true,
    setup: () => setup('warm'),
    ops: [exportDyingAfterUpload, erasureOf(ERASED)],
    check: async (w) => {
      await purgeExportFiles({ db: w.raw, files: w.files, now: () => NOW + EXPORT_FILE_MS + 60_000, deadline: Infinity });
      await checkStorage(w, [ERASED], { died: true });
      if (w.files.blobs.size) throw new Error('an export file outlived its link by more than a retention pass');
    },
  });
  expect(report.schedules).toBeGreaterThan(100);
});

// The rule's previous export, long expired: its own file, or (exported before each export had its
// own) the one path the previous release used for every export of the rule.
it.each(['own', 'single-path'] as const)("an export racing retention's purge of the rule's expired file (%s) keeps its fresh file", async (previous) => {
  const report = await exploreInterleavings<World>({
    reduce: true,
    setup: async () => {
      const w = await setup('warm');
      const at = NOW - EXPORT_FILE_MS - 1000;
      const path = previous === 'own' ? exportPath(w.ruleId, 'e0') : `exports/rule-segments/${w.ruleId}.csv`;
      const fileID = await w.files.upload(path, Buffer.from('# 上一份导出'));
      const name = previous === 'own' ? { [exportNamePath('e0')]: { fileID, at } } : { exportFileId: fileID, exportedAt: at };
      await w.raw.updateById(COLLECTIONS.ruleSegments, w.ruleId, name);
      return w;
    },
    ops: [
      exportOp,
      (w, gate) => {
        const t = through(w, gate);
        return purgeExportFiles({ db: t.db, files: { ...w.files, remove: t.files.remove }, now: Date.now, deadline: Infinity });
      },
    ],
    check: async (w, [exported, purged]) => {
      if (!purged.ok) throw purged.error;
      checkExport(exported);
      await checkStorage(w, []);
      if (exported.ok) {
        // Staff's link points at a file that is there, with this export's rows.
        const text = w.files.blobs.get((exported.value as ExportAnswer).file!.fileID)?.toString();
        if (!text?.includes(maskOpenid(KEPT))) throw new Error(`the fresh export's file is ${text === undefined ? 'gone' : 'the old one'}`);
      }
      const rule = await w.raw.getById(COLLECTIONS.ruleSegments, w.ruleId);
      if (rule?.exportPurgeUntil !== undefined) throw new Error('a purge lease was left on the rule');
    },
  });
  expect(report.schedules).toBeGreaterThan(10);
});

/** The rows of the file an export answered, or undefined when it is not in storage. */
const fileText = (w: World, answer: ExportAnswer): string | undefined => w.files.blobs.get(answer.file!.fileID)?.toString();

it('two exports of one rule in the same millisecond both answer their own file, each named', async () => {
  const w = await setup('warm');
  jest.spyOn(Date, 'now').mockImplementation(() => NOW + 5);
  const first = await ruleSegmentCsv(w.raw, w.ruleId, through(w, async () => undefined).files);
  const second = await ruleSegmentCsv(w.raw, w.ruleId, through(w, async () => undefined).files);
  expect(second.file!.fileID).not.toBe(first.file!.fileID);
  for (const a of [first, second]) expect(fileText(w, a)).toContain(maskOpenid(KEPT));
  await checkStorage(w, []);
});

it("retention's purge stalled past its lease while a fresh export runs deletes only the expired file, and drops its name", async () => {
  const w = await setup('warm');
  let now = NOW;
  jest.spyOn(Date, 'now').mockImplementation(() => now++);
  const files = through(w, async () => undefined).files;
  const old = await ruleSegmentCsv(w.raw, w.ruleId, files);
  now = NOW + EXPORT_FILE_MS + 60_000;
  let fresh: ExportAnswer | undefined;
  const stalled = {
    ...w.files,
    // The pass stalls at its removal longer than any lease; staff export meanwhile.
    remove: async (ids: string[]) => {
      now += 10 * 60_000;
      fresh ??= await ruleSegmentCsv(w.raw, w.ruleId, files);
      await w.files.remove(ids);
    },
  };
  expect(await purgeExportFiles({ db: w.raw, files: stalled, now: () => now, deadline: Infinity })).toEqual({ exportFilesDeleted: 1 });
  expect(fileText(w, fresh!)).toContain(maskOpenid(KEPT));
  expect(fileText(w, old)).toBeUndefined();
  await checkStorage(w, []);
  expect(namedFileIds((await w.raw.getById(COLLECTIONS.ruleSegments, w.ruleId)) ?? {})).toEqual([fresh!.file!.fileID]);
});
