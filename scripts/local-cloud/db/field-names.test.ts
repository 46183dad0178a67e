import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { DbEngine } from './engine';
import { checkStoredNames, checkUpdateNames, DEFAULT_FIELD_NAMES, fieldNameRule } from './field-names';

describe('stored field names, MongoDB\'s rule (QX_FIELD_NAMES=mongo)', () => {
  let dir: string;
  let engine: DbEngine;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-names-'));
    engine = DbEngine.open(dir, { fieldNames: 'mongo' });
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
    fc.assert(fc.property(doc.node, (d) => expect(() => checkStoredNames(d, 'mongo')).not.toThrow()));
    fc.assert(
      fc.property(doc.node, key, fc.constantFrom('a.b', '$x', '.', '$', '', '\0', 'a\0b'), (d, k, bad) => {
        expect(() => checkStoredNames({ ...d, [k]: { [bad]: 1 } }, 'mongo')).toThrow(/not valid for storage/);
      }),
    );
  });
});

describe("stored field names, the CloudBase FAQ rule (QX_FIELD_NAMES=faq)", () => {
  let dir: string;
  let engine: DbEngine;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-names-'));
    engine = DbEngine.open(dir, { fieldNames: 'faq' });
    await engine.addCollection('c');
  });
  afterEach(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a "-", a "~", a leading "_" and a name over 32 characters at any depth, naming key and path', async () => {
    await expect(engine.insert('c', [{ _id: 'a', holds: { 'ab-cd': 1 } }])).rejects.toThrow(/"ab-cd" at 'holds' is not valid for storage: CloudBase field names/);
    await expect(engine.insert('c', [{ _id: 'a', list: [{ m: { 'x~2e': 1 } }] }])).rejects.toThrow(/"x~2e" at 'list\.0\.m'/);
    await expect(engine.insert('c', [{ _id: 'a', d: { _v: 1 } }])).rejects.toThrow(/"_v" at 'd'/);
    await expect(engine.insert('c', [{ _id: 'a', ['x'.repeat(33)]: 1 }])).rejects.toThrow(/at '\(top\)'/);
    await expect(engine.insert('c', [{ _id: 'a', 群: 1 }])).rejects.toThrow(/not valid for storage/);
    expect(engine.count('c')).toBe(0);
    // What CloudBase writes itself is exempt at the top level, and 32 characters are fine.
    await engine.insert('c', [{ _id: 'a', _openid: 'o', ['x'.repeat(32)]: 1, n: { a_b: 1, '0': 2 } }], { openid: 'o' });
    expect(engine.get('c', 'a')).toMatchObject({ _openid: 'o', n: { a_b: 1, '0': 2 } });
  });

  it('refuses update paths that create such a field, and stored values, replacements and upsert bases', async () => {
    await engine.insert('c', [{ _id: 'a', holds: {}, list: [{ n: 1 }] }]);
    await expect(engine.update('c', { _id: 'a' }, { $set: { 'holds.ab-cd': 1 } })).rejects.toThrow(/"ab-cd" at 'holds'/);
    await expect(engine.update('c', { _id: 'a' }, { $inc: { 'd.2026-12-06.e': 1 } })).rejects.toThrow(/"2026-12-06" at 'd'/);
    await expect(engine.update('c', { _id: 'a' }, { 'holds.x~7e': 1 })).rejects.toThrow(/"x~7e"/);
    await expect(engine.update('c', { _id: 'a' }, { $max: { ['m'.repeat(40)]: 1 } })).rejects.toThrow(/not valid for storage/);
    await expect(engine.update('c', { _id: 'a' }, { $rename: { holds: 'h-x' } })).rejects.toThrow(/"h-x"/);
    await expect(engine.update('c', { _id: 'a' }, { $push: { list: { $each: [{ 'a-b': 1 }] } } })).rejects.toThrow(/"a-b" at 'list\.0'/);
    await expect(engine.update('c', { _id: 'a' }, { $set: { holds: { _x: 1 } } })).rejects.toThrow(/"_x" at 'holds'/);
    await expect(engine.update('c', { _id: 'a' }, { n: 1, 'x-y': 2 }, { merge: false })).rejects.toThrow(/"x-y"/);
    await expect(engine.update('c', { _id: 'b', 'k-1': 3 }, { $set: { n: 1 } }, { upsert: true })).rejects.toThrow(/"k-1"/);
    expect(engine.get('c', 'a')).toEqual({ _id: 'a', holds: {}, list: [{ n: 1 }] });
    // Array indices, positional segments and removals are not names.
    await engine.update('c', { _id: 'a' }, { $inc: { 'list.0.n': 1 }, $set: { 'holds.q_ab_2dcd': 1 } });
    await engine.update('c', { _id: 'a' }, { $set: { 'list.$[].m': 1 } });
    expect(engine.get('c', 'a')).toEqual({ _id: 'a', holds: { q_ab_2dcd: 1 }, list: [{ n: 2, m: 1 }] });
  });

  it('keeps a document stored under the looser rule readable, updatable and cleanable', async () => {
    await engine.close();
    const loose = DbEngine.open(dir, { fieldNames: 'mongo' });
    await loose.insert('c', [{ _id: 'old', holds: { 'ab-cd': 1 }, n: 0 }]);
    await loose.close();
    engine = DbEngine.open(dir, { fieldNames: 'faq' });
    await engine.update('c', { _id: 'old' }, { $inc: { n: 1 } });
    await engine.update('c', { _id: 'old', 'holds.ab-cd': { $exists: true } }, { $unset: { 'holds.ab-cd': '' } });
    expect(engine.get('c', 'old')).toEqual({ _id: 'old', holds: {}, n: 1 });
  });

  it('is the default, QX_FIELD_NAMES picks the other; anything else is refused', () => {
    const saved = process.env.QX_FIELD_NAMES;
    try {
      delete process.env.QX_FIELD_NAMES;
      expect(fieldNameRule()).toBe('faq');
      expect(DEFAULT_FIELD_NAMES).toBe('faq');
      process.env.QX_FIELD_NAMES = 'mongo';
      expect(fieldNameRule()).toBe('mongo');
      expect(fieldNameRule({ fieldNames: 'faq' })).toBe('faq');
      process.env.QX_FIELD_NAMES = 'loose';
      expect(() => fieldNameRule()).toThrow(/QX_FIELD_NAMES must be faq or mongo/);
    } finally {
      if (saved === undefined) delete process.env.QX_FIELD_NAMES;
      else process.env.QX_FIELD_NAMES = saved;
    }
    expect(() => checkUpdateNames({ $unset: { 'a-b': '' }, $pull: { 'x-y': { $in: [1] } } }, 'faq')).not.toThrow();
    expect(() => checkUpdateNames({ $set: { 'a-b': 1 } }, 'mongo')).not.toThrow();
  });
});
