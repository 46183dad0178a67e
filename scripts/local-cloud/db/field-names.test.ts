import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { DbEngine } from './engine';
import { checkStoredNames } from './field-names';

describe('stored field names', () => {
  let dir: string;
  let engine: DbEngine;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-names-'));
    engine = DbEngine.open(dir);
    await engine.addCollection('c');
  });
  afterEach(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a dotted or $-prefixed name at any depth, in inserts, replacements and stored update values', async () => {
    await expect(engine.insert('c', [{ _id: 'a', props: { 'x.y': 1 } }])).rejects.toThrow(/'x\.y' at 'props' is not valid for storage/);
    await expect(engine.insert('c', [{ _id: 'a', list: [{ $where: 1 }] }])).rejects.toThrow(/\$where/);
    expect(engine.count('c')).toBe(0);
    await engine.insert('c', [{ _id: 'a', n: 1, props: { ok: true } }]);
    await expect(engine.update('c', { _id: 'a' }, { $set: { props: { 'a.b': 1 } } })).rejects.toThrow(/not valid for storage/);
    await expect(engine.update('c', { _id: 'a' }, { $x: 1 }, { merge: false })).rejects.toThrow();
    // Update paths are paths, not stored names.
    await engine.update('c', { _id: 'a' }, { 'props.deep': 2, n: 3 });
    expect(engine.get('c', 'a')).toEqual({ _id: 'a', n: 3, props: { ok: true, deep: 2 } });
  });

  it('refuses an empty name or one holding NUL, which no MongoDB stores, wherever it would be stored', async () => {
    await expect(engine.insert('c', [{ _id: 'a', props: { '': 1 } }])).rejects.toThrow(/"" at 'props' is not valid for storage/);
    await expect(engine.insert('c', [{ _id: 'a', props: { 'q\u0000': 1 } }])).rejects.toThrow(/not valid for storage: names are not empty and hold no NUL/);
    await expect(engine.insert('c', [{ _id: 'a', list: [{ 'x\u0000y': 1 }] }])).rejects.toThrow(/at 'list\.0'/);
    expect(engine.count('c')).toBe(0);
    await engine.insert('c', [{ _id: 'a', props: {} }]);
    await expect(engine.update('c', { _id: 'a' }, { $set: { props: { '': 1 } } })).rejects.toThrow(/not valid for storage/);
    await expect(engine.update('c', { _id: 'a' }, { $push: { list: { $each: [{ '\u0000': 1 }] } } })).rejects.toThrow(/not valid for storage/);
    // A NUL inside a string VALUE is data, not a name.
    await engine.update('c', { _id: 'a' }, { $set: { text: 'a\u0000b' } });
    expect(engine.get('c', 'a')).toEqual({ _id: 'a', props: {}, text: 'a\u0000b' });
  });

  it('reads array operators for what they store: $each elements, never the modifier or a $pull condition', async () => {
    await engine.insert('c', [{ _id: 'a', keys: ['k0'], list: [] }]);
    await engine.update('c', { _id: 'a' }, { $push: { keys: { each: ['k1', 'k2'], slice: -5 } } });
    await engine.update('c', { _id: 'a' }, { $addToSet: { keys: { $each: ['k3'] } } });
    await engine.update('c', { _id: 'a' }, { $pull: { keys: { $in: ['k0'] } } });
    await engine.update('c', { _id: 'a' }, { $push: { list: { $each: [{ n: 1 }], $sort: { n: -1 } } } });
    expect(engine.get('c', 'a')).toEqual({ _id: 'a', keys: ['k1', 'k2', 'k3'], list: [{ n: 1 }] });
    await expect(engine.update('c', { _id: 'a' }, { $push: { list: { $each: [{ 'a.b': 1 }] } } })).rejects.toThrow(/'a\.b' at 'list\.0'/);
    await expect(engine.update('c', { _id: 'a' }, { $push: { list: { $x: 1 } } })).rejects.toThrow(/not valid for storage/);
    await expect(engine.update('c', { _id: 'a' }, { $max: { m: { $y: 1 } } })).rejects.toThrow(/not valid for storage/);
  });

  it('accepts every document whose names are plain (property)', () => {
    const key = fc.stringMatching(/^[A-Za-z0-9_\-\u4e00-\u9fa5]{1,8}$/);
    const doc = fc.letrec((tie) => ({ node: fc.dictionary(key, fc.oneof(fc.integer(), fc.string(), fc.array(tie('node'), { maxLength: 2 }), tie('node')), { maxKeys: 4 }) }));
    fc.assert(fc.property(doc.node, (d) => expect(() => checkStoredNames(d)).not.toThrow()));
    fc.assert(
      fc.property(doc.node, key, fc.constantFrom('a.b', '$x', '.', '$', '', '\0', 'a\0b'), (d, k, bad) => {
        expect(() => checkStoredNames({ ...d, [k]: { [bad]: 1 } })).toThrow(/not valid for storage/);
      }),
    );
  });
});
