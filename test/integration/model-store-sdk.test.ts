/**
 * The model store through the REAL wx-server-sdk against the local cloud: files in cloud storage,
 * version docs and the pointer in the database, guard, racing promotions and rollback.
 */
import { Db } from '../../cloudfunctions/common/db/wx-db';
import {
  createModelStore,
  SHIPPED,
  UPLOAD_LEASE_MS,
  wxModelFiles,
  wxModelStorePorts,
  type ModelStore,
} from '../../cloudfunctions/common/model-store';
import { purgeModelFiles } from '../../cloudfunctions/retention/model-files';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../helpers/local-cloud';

let t: TestCloud;
let store: ModelStore;
let sdk: WxSdk;
beforeAll(async () => {
  t = await startTestCloud({ schema: true });
  Object.assign(process.env, t.env);
  sdk = loadSdk('local');
  store = createModelStore(wxModelStorePorts(new Db(sdk.database()), sdk));
});
afterAll(() => t.close());

const rule = { higherIsBetter: true };
const window = { from: '2026-01-01', to: '2026-06-30', n: 800 };
const files = (v: number) => ({
  'model.onnx': Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * v) % 256)),
  'meta.json': Buffer.from(JSON.stringify({ name: 'sentiment', version: v })),
});
const ev = (incumbentVersion: string, candidate: number, incumbent: number) => ({
  metric: 'accuracy',
  candidate,
  incumbent,
  heldOut: 300,
  incumbentVersion,
});

it('publishes, guards, promotes, retires and rolls back through the SDK', async () => {
  const a = await store.publishCandidate({
    model: 'sentiment',
    files: files(1),
    dataWindow: window,
    producedBy: 'job-1',
  });
  expect(a.files[0].fileID).toMatch(/^cloud:\/\/local\./);
  expect(
    Buffer.compare(
      await store.download(a.files.find((f) => f.name === 'model.onnx')!.fileID),
      files(1)['model.onnx'],
    ),
  ).toBe(0);
  const bad = await store.publishCandidate({ model: 'sentiment', files: files(2), dataWindow: window });
  expect(
    (
      await store.guard({
        model: 'sentiment',
        version: bad.version,
        evaluation: ev(SHIPPED, 0.8, 0.85),
        rule,
      })
    ).promoted,
  ).toBe(false);
  expect(
    (await store.guard({ model: 'sentiment', version: a.version, evaluation: ev(SHIPPED, 0.9, 0.85), rule }))
      .promoted,
  ).toBe(true);

  const b = await store.publishCandidate({ model: 'sentiment', files: files(3), dataWindow: window });
  await store.guard({ model: 'sentiment', version: b.version, evaluation: ev(a.version, 0.93, 0.9), rule });
  const { pointer, serving } = await store.state('sentiment');
  expect(pointer).toMatchObject({
    serving: b.version,
    lastGood: a.version,
    rev: 2,
    change: { kind: 'guard', from: a.version },
  });
  expect(pointer?.changedAt).toBeInstanceOf(Date);
  expect(serving).toMatchObject({
    status: 'serving',
    evaluation: { passed: true, candidate: 0.93 },
    dataWindow: window,
  });

  const p = await store.rollback({ model: 'sentiment', to: a.version, by: 'staff-openid', note: '回滚测试' });
  expect(p).toMatchObject({
    serving: a.version,
    rev: 3,
    change: { kind: 'rollback', by: 'staff-openid', note: '回滚测试' },
  });
  // `change` is replaced, not merged: the guard's note must not survive into a change without one
  const p2 = await store.rollback({ model: 'sentiment', to: SHIPPED, by: 'staff-openid' });
  expect(p2.change).toEqual({ kind: 'rollback', by: 'staff-openid', from: a.version, to: SHIPPED });
  expect((await store.history('sentiment')).map((v) => [v.version, v.status])).toEqual([
    [b.version, 'retired'],
    [bad.version, 'rejected'],
    [a.version, 'retired'],
  ]);
});

it('lets one of several concurrent promotions win', async () => {
  const cs = await Promise.all(
    [1, 2, 3, 4].map((v) =>
      store.publishCandidate({
        model: 'race',
        files: { ...files(v), 'meta.json': Buffer.from('{"name":"race"}') },
        dataWindow: window,
      }),
    ),
  );
  const rs = await Promise.all(
    cs.map((c) =>
      store.guard({ model: 'race', version: c.version, evaluation: ev(SHIPPED, 0.9, 0.8), rule }),
    ),
  );
  expect(rs.filter((r) => r.promoted)).toHaveLength(1);
  expect((await store.history('race')).filter((v) => v.status === 'serving')).toHaveLength(1);
});

it("names a version's files before storing them: a publish that dies mid-upload leaves nothing retention cannot find", async () => {
  const db = new Db(sdk.database());
  const real = wxModelFiles(sdk);
  let uploads = 0;
  // The process dies after storing the first of its two files.
  const dying = {
    ...real,
    upload: (p: string, c: Buffer) => (++uploads === 1 ? real.upload(p, c) : Promise.reject(new Error('the process died'))),
  };
  const s = createModelStore({ db: wxModelStorePorts(db, sdk).db, files: dying });
  await expect(s.publishCandidate({ model: 'orphans', files: files(5), dataWindow: window })).rejects.toThrow('the process died');
  const [doc] = await s.history('orphans');
  expect(doc).toMatchObject({ status: 'uploading', files: [{ name: 'model.onnx' }, { name: 'meta.json' }] });
  // The fileID named before the upload is the one the upload got (the probe learnt the prefix).
  const stored = await sdk.downloadFile({ fileID: doc.files[0].fileID });
  expect(Buffer.compare(Buffer.from(stored.fileContent), files(5)['model.onnx'])).toBe(0);
  await expect(s.guard({ model: 'orphans', version: doc.version, evaluation: ev(SHIPPED, 0.9, 0.8), rule })).rejects.toThrow(/uploading/);

  const pass = (at: number) => purgeModelFiles({ db, files: real, now: () => at, deadline: at + 60_000 });
  // Within the lease the publish might still be running: untouched.
  expect(await pass(Date.now())).toMatchObject({ uploadsCleared: 0 });
  expect((await s.history('orphans')).length).toBe(1);
  // After it: the stored file and the never-stored one (missing is fine) go, then the document.
  expect(await pass(Date.now() + UPLOAD_LEASE_MS + 60_000)).toMatchObject({ uploadsCleared: 1, filesDeleted: 2, done: true });
  await expect(sdk.downloadFile({ fileID: doc.files[0].fileID })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
  expect(await s.history('orphans')).toEqual([]);
});

it("stores each version's files at paths of their own: a link serves the version it was issued for, under either CDN reading", async () => {
  // Links go through the storage CDN, which may serve an overwritten path's old bytes until they
  // expire (README, "Cloud storage and its CDN"): a path written once has nothing else to serve.
  const x = await store.publishCandidate({ model: 'paths', files: files(7), dataWindow: window });
  const onnx = (v: typeof x) => v.files.find((f) => f.name === 'model.onnx')!.fileID;
  const link = encodeURI((await sdk.getTempFileURL({ fileList: [onnx(x)] })).fileList[0].tempFileURL);
  const y = await store.publishCandidate({ model: 'paths', files: files(8), dataWindow: window });
  expect(new Set([...x.files, ...y.files].map((f) => f.fileID)).size).toBe(4);
  expect(Buffer.compare(Buffer.from(await (await fetch(link)).arrayBuffer()), files(7)['model.onnx'])).toBe(0);
  expect(Buffer.compare(await store.download(onnx(y)), files(8)['model.onnx'])).toBe(0);
  expect(Buffer.compare(await store.download(onnx(x)), files(7)['model.onnx'])).toBe(0);
});
