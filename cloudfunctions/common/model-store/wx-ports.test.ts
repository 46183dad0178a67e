import { loseAddAnswers } from '../db/testing/lost-answer';
import { memoryDb, memorySdk } from '../db/testing/memory-sdk';
import { Db, DuplicateKeyError } from '../db/wx-db';
import { memoryModelFiles } from './memory-ports';
import { createModelStore } from './store';
import { SHIPPED } from './types';
import { wxModelDb } from './wx-ports';

describe('wxModelDb stores meta keys as legal field names', () => {
  it('a meta.json keyed by file names is stored without "." in its field names and read back as it was', async () => {
    const { db, tables } = memoryDb();
    const store = createModelStore({ db: wxModelDb(db), files: memoryModelFiles() });
    // The shipped sentiment meta keys its training files by name; an adapted version copies it.
    const meta = { name: 'sentiment', data: { files: { 'waimai_10k.csv': 'b8b5', combined: '409c' } }, threshold: 0.5 };
    const v = await store.publishCandidate({
      model: 'sentiment',
      files: { 'model.onnx': Buffer.from('graph'), 'meta.json': Buffer.from(JSON.stringify(meta)) },
      dataWindow: { from: '2026-01-01', to: '2026-06-30', n: 10 },
    });
    expect(tables.get('model_versions')!.get(v._id)!.meta).toEqual({
      name: 'sentiment',
      data: { files: { q_waimai_5f10k_2ecsv: 'b8b5', combined: '409c' } },
      threshold: 0.5,
    });
    expect((await store.version('sentiment', v.version))!.meta).toEqual(meta);
    expect((await wxModelDb(db).listVersions('sentiment', 5))[0].meta).toEqual(meta);

    // A version stored before the escape (plain dotted keys, on a server that took them) reads as it is.
    tables.get('model_versions')!.set('sentiment@old', { ...tables.get('model_versions')!.get(v._id)!, _id: 'sentiment@old', version: 'old', meta });
    expect((await store.version('sentiment', 'old'))!.meta).toEqual(meta);
  });
});

describe('wxModelDb after an answer lost', () => {
  it("a candidate stored though its insert's answer was lost (-501001) is this publish's: its files stay", async () => {
    // wx-server-sdk reports a lost answer as -501001, the code a duplicate _id arrives with.
    const sdk = loseAddAnswers(memorySdk(), 'model_versions');
    const files = memoryModelFiles();
    const store = createModelStore({ db: wxModelDb(new Db(sdk)), files });
    const v = await store.publishCandidate({
      model: 'sentiment',
      files: { 'model.onnx': Buffer.from('graph'), 'meta.json': Buffer.from('{"name":"sentiment"}') },
      dataWindow: { from: '2026-01-01', to: '2026-06-30', n: 10 },
    });
    const stored = await store.version('sentiment', v.version);
    expect(stored).toMatchObject({ status: 'candidate', files: v.files });
    for (const f of v.files) await expect(files.download(f.fileID)).resolves.toBeInstanceOf(Buffer);
  });
});

describe('wxModelDb: the first pointer after an answer lost', () => {
  it("a model's first promotion whose pointer insert lost its answer is promoted, not rejected", async () => {
    const sdk = loseAddAnswers(memorySdk(), 'model_pointers');
    const store = createModelStore({ db: wxModelDb(new Db(sdk)), files: memoryModelFiles() });
    const v = await store.publishCandidate({
      model: 'sentiment',
      files: { 'model.onnx': Buffer.from('graph'), 'meta.json': Buffer.from('{"name":"sentiment"}') },
      dataWindow: { from: '2026-01-01', to: '2026-06-30', n: 10 },
    });
    const evaluation = { metric: 'accuracy', candidate: 0.9, incumbent: 0.85, heldOut: 200, incumbentVersion: SHIPPED };
    const r = await store.guard({ model: 'sentiment', version: v.version, evaluation, rule: { higherIsBetter: true, minHeldOut: 50 } });
    expect(r).toMatchObject({ promoted: true, serving: v.version });
    expect(await store.version('sentiment', v.version)).toMatchObject({ status: 'serving' });
  });
});

describe('wxModelDb: ids another writer holds', () => {
  it('a version id already stored fails the insert, and a first pointer already there is not swapped', async () => {
    const { db } = memoryDb();
    const m = wxModelDb(db);
    const doc = { _id: 'sentiment@v1', model: 'sentiment', version: 'v1', status: 'candidate', files: [], createdAt: new Date(1) } as never;
    await m.insertVersion(doc);
    await expect(m.insertVersion(doc)).rejects.toBeInstanceOf(DuplicateKeyError);
    const ptr = { _id: 'sentiment', serving: 'v1', rev: 1, changedAt: new Date(1) } as never;
    expect(await m.swapPointer(0, ptr)).toBe(true);
    expect(await m.swapPointer(0, ptr)).toBe(false);
  });
});
