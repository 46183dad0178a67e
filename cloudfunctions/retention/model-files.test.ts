import { COLLECTIONS } from '../common/contracts/collections';
import { memoryDb } from '../common/db/testing/memory-sdk';
import type { Doc } from '../common/db/wx-db';
import { memoryModelFiles } from '../common/model-store/memory-ports';
import type { PointerDoc, VersionDoc, VersionStatus } from '../common/model-store/types';
import { UNJUDGED_CANDIDATE_DAYS, UPLOAD_LEASE_MS } from '../common/model-store/types';
import { expiredVersions, purgeModelFiles, staleUploads, unjudgedCandidates } from './model-files';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T00:00:00Z');
const ago = (days: number) => new Date(NOW - days * DAY);

function v(version: string, status: VersionStatus, createdDaysAgo: number, retiredDaysAgo?: number): VersionDoc {
  return {
    _id: `value@${version}`,
    model: 'value',
    version,
    status,
    createdAt: ago(createdDaysAgo),
    files: [{ name: 'model.json', fileID: `cloud://local.b/${version}`, bytes: 1, sha256: 'x' }],
    meta: {},
    evaluation: null,
    dataWindow: { from: 'a', to: 'b', n: 1 },
    parent: 'shipped',
    ...(retiredDaysAgo !== undefined ? { retiredAt: ago(retiredDaysAgo) } : {}),
  };
}

const pointer = (serving: string | null, lastGood: string | null): PointerDoc =>
  ({ _id: 'value', serving, lastGood, rev: 3 }) as PointerDoc;

const names = (vs: VersionDoc[]) => vs.map((x) => x.version).sort();

it('rejected candidates go after two weeks; serving and candidates never', () => {
  const vs = [v('rej-old', 'rejected', 15), v('rej-new', 'rejected', 13), v('srv', 'serving', 400), v('cand', 'candidate', 100)];
  expect(names(expiredVersions(vs, pointer('srv', null), NOW))).toEqual(['rej-old']);
});

it('keeps the newest three retired versions and the fallback, whatever their age', () => {
  const vs = [
    v('r1', 'retired', 200, 100),
    v('r2', 'retired', 190, 90),
    v('r3', 'retired', 180, 80),
    v('r4', 'retired', 170, 70),
    v('r5', 'retired', 160, 60),
    v('r6', 'retired', 150, 50),
    v('r7', 'retired', 20, 10),
    v('srv', 'serving', 10),
  ];
  // newest retired: r7, r6, r5 stay; r1 is the registry's fallback; r7 is also too young anyway
  expect(names(expiredVersions(vs, pointer('srv', 'r1'), NOW))).toEqual(['r2', 'r3', 'r4']);
});

it('a retired version younger than a month stays even beyond the newest three', () => {
  const vs = [1, 2, 3, 4].map((i) => v(`r${i}`, 'retired', 40, 10 + i));
  expect(expiredVersions(vs, pointer(null, null), NOW)).toEqual([]);
});

it('a version already purged (no files or marked) is not purged again', () => {
  const gone = { ...v('r1', 'rejected', 100), files: [] };
  const marked = { ...v('r2', 'rejected', 100), filesPurgedAt: ago(1) };
  expect(expiredVersions([gone, marked], null, NOW)).toEqual([]);
});

it('an upload older than the lease is a dead publish; a younger one may still be running', () => {
  const at = (msAgo: number) => ({ ...v(`u${msAgo}`, 'uploading', 0), createdAt: new Date(NOW - msAgo) });
  const vs = [at(UPLOAD_LEASE_MS + 1), at(UPLOAD_LEASE_MS - 1), v('cand', 'candidate', 100), v('rej', 'rejected', 100)];
  expect(names(staleUploads(vs, NOW))).toEqual([`u${UPLOAD_LEASE_MS + 1}`]);
  // and the files pass leaves them to that: an uploading version never expires as a candidate would
  expect(names(expiredVersions(vs, null, NOW))).toEqual(['rej']);
});

it('a candidate never judged goes after two weeks, unless its run still runs or the pointer names it', () => {
  const by = (x: VersionDoc, run: string) => ({ ...x, producedBy: run });
  const vs = [
    by(v('old', 'candidate', UNJUDGED_CANDIDATE_DAYS + 1), 'refit:value@dead'),
    by(v('live', 'candidate', UNJUDGED_CANDIDATE_DAYS + 1), 'refit:value@live'),
    v('young', 'candidate', UNJUDGED_CANDIDATE_DAYS - 1),
    v('fallback', 'candidate', 100),
    v('rej', 'rejected', 100),
  ];
  expect(names(unjudgedCandidates(vs, pointer(null, 'fallback'), new Set(['refit:value@live']), NOW))).toEqual(['old']);
});

it('the pass deletes a never-judged candidate\'s files, missing ones too, and keeps its document as abandoned', async () => {
  const { db } = memoryDb();
  const files = memoryModelFiles();
  const stored = await files.upload('models/value/old/model.json', Buffer.from('{}'));
  const missing = await files.idOf('models/value/old/graph.onnx'); // named, never stored
  const old: VersionDoc = {
    ...v('old', 'candidate', UNJUDGED_CANDIDATE_DAYS + 1),
    files: [stored, missing].map((fileID, i) => ({ name: `f${i}`, fileID, bytes: 1, sha256: 'x' })),
    producedBy: 'refit:value@dead',
  };
  const kept = { ...v('live', 'candidate', UNJUDGED_CANDIDATE_DAYS + 1), producedBy: 'refit:value@live' };
  await db.insert(COLLECTIONS.modelVersions, [old, kept] as unknown as Doc[]);
  await db.insert(COLLECTIONS.jobRuns, [
    { _id: 'refit:value@dead', status: 'failed' },
    { _id: 'refit:value@live', status: 'running' },
  ]);
  const r = await purgeModelFiles({ db, files, now: () => NOW, deadline: NOW + 60_000 });
  expect(r).toMatchObject({ candidatesAbandoned: 1, filesDeleted: 2, done: true });
  expect(files.blobs.has(stored)).toBe(false);
  expect(await db.getById(COLLECTIONS.modelVersions, 'value@old')).toMatchObject({ status: 'abandoned', files: [] });
  expect(await db.getById(COLLECTIONS.modelVersions, 'value@live')).toMatchObject({ status: 'candidate', files: kept.files });
  // The next pass finds nothing more to do.
  expect(await purgeModelFiles({ db, files, now: () => NOW, deadline: NOW + 60_000 })).toMatchObject({ candidatesAbandoned: 0, filesDeleted: 0 });
});
