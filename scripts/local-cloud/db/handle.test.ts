/**
 * The in-process handle under jest: test code and the engine run in jest's vm realm, so a copy made
 * with the host's `structuredClone` hands the engine objects of another realm. mingo compares
 * those by `toString()` ("[object Object]"), so replacing one object value with another was a
 * silent no-op (`updated: 0`) — the bug these tests pin.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { realmClone } from './clone';
import { DbEngine } from './engine';
import { createDbHandle, type DbHandle } from './handle';

let dir: string;
let engine: DbEngine;
let db: DbHandle;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-handle-'));
  engine = DbEngine.open(dir, { resultOrder: 'natural' });
  db = createDbHandle(engine);
});
afterEach(async () => {
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('replaces an object value with a different one (dotted and top-level paths)', async () => {
  const c = db.collection('c');
  await c.insert({ _id: 'a', state: { done: 1, read: { after: 'x' } }, p: { n: 1 } });
  await expect(c.update({ _id: 'a' }, { $set: { 'state.read': { after: 'y', rows: 2 } } })).resolves.toEqual({ matched: 1, updated: 1 });
  await expect(c.update({ _id: 'a' }, { $set: { p: { n: 2 } } })).resolves.toEqual({ matched: 1, updated: 1 });
  await expect(c.update({ _id: 'a' }, { p: { n: 3, l: [{ k: 1 }] } })).resolves.toEqual({ matched: 1, updated: 1 });
  expect(c.get('a')).toEqual({ _id: 'a', state: { done: 1, read: { after: 'y', rows: 2 } }, p: { n: 3, l: [{ k: 1 }] } });
});

it('still answers updated: 0 for an equal object value', async () => {
  const c = db.collection('c');
  await c.insert({ _id: 'a', p: { n: 1, d: new Date(5) } });
  await expect(c.update({ _id: 'a' }, { $set: { p: { n: 1, d: new Date(5) } } })).resolves.toEqual({ matched: 1, updated: 0 });
});

it('hands the engine values of its own realm (plain objects, arrays, Dates, RegExps)', async () => {
  const c = db.collection('c');
  await c.insert({ _id: 'a', o: { x: [1, { y: 2 }] }, t: new Date(7), r: /^a/i, s: 'abc' });
  const stored = engine.get('c', 'a') as Record<string, unknown>;
  expect(Object.getPrototypeOf(stored.o)).toBe(Object.prototype);
  expect(Array.isArray((stored.o as { x: unknown }).x) && (stored.o as { x: unknown[] }).x instanceof Array).toBe(true);
  expect(stored.t instanceof Date && stored.r instanceof RegExp).toBe(true);
  expect(c.find({ t: { $lt: new Date(8) } }).map((d) => d._id)).toEqual(['a']);
  expect(c.find({ s: /^A/i }).map((d) => d._id)).toEqual(['a']);
});

it('sorts Dates made in another realm as Dates, whether inserted, set by an update or read back after a restart', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const foreign = (t: number) => require('node:vm').runInNewContext(`new Date(${t})`) as Date;
  expect(foreign(1) instanceof Date).toBe(false); // the premise: another realm's Date
  const c = db.collection('c');
  await c.insert([
    { _id: 'a', at: foreign(1000) },
    { _id: 'b', at: new Date(3000) },
    { _id: 'c', at: foreign(2000) },
    { _id: 'd', at: new Date(500) },
  ]);
  await c.update({ _id: 'd' }, { $set: { at: foreign(4000) } });
  await c.update({ _id: 'a' }, { at: foreign(1500) }); // plain fields: merged
  const order = () => engine.find('c', {}, { sort: { at: -1 }, natural: true }).map((d) => d._id);
  expect(order()).toEqual(['d', 'b', 'c', 'a']);
  await engine.close();
  engine = DbEngine.open(dir, { resultOrder: 'natural' });
  expect(order()).toEqual(['d', 'b', 'c', 'a']);
});

it('copies Buffers instead of sharing their memory, and refuses cycles like structuredClone', () => {
  const b = Buffer.from('ab');
  const copied = realmClone({ b }).b;
  b[0] = 0x7a;
  expect(Buffer.isBuffer(copied) && copied.toString()).toBe('ab');
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  expect(() => realmClone(cyclic)).toThrow(/cyclic/);
});
