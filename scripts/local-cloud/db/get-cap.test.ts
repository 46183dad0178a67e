import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActionRegistry } from '../server/actions';
import { registerDatabaseActions } from './database-actions';
import { DbEngine, type EngineOptions } from './engine';
import { answeredLimit, getCapOf } from './get-cap';
import { TransactionManager } from './transactions';

describe('getCapOf', () => {
  const env = process.env.QX_GET_CAP;
  afterEach(() => (env === undefined ? delete process.env.QX_GET_CAP : (process.env.QX_GET_CAP = env)));

  it('is 100 unless the option or QX_GET_CAP asks for 1000; anything else is refused', () => {
    delete process.env.QX_GET_CAP;
    expect(getCapOf()).toBe(100);
    expect(getCapOf({ getCap: 1000 })).toBe(1000);
    process.env.QX_GET_CAP = '1000';
    expect(getCapOf()).toBe(1000);
    expect(getCapOf({ getCap: 100 })).toBe(100);
    process.env.QX_GET_CAP = '500';
    expect(() => getCapOf()).toThrow(/QX_GET_CAP must be 100 or 1000, not "500"/);
  });

  it('answers the cap when no limit or more than it is asked', () => {
    expect(answeredLimit(undefined, 100)).toBe(100);
    expect(answeredLimit(0, 100)).toBe(100);
    expect(answeredLimit(1000, 100)).toBe(100);
    expect(answeredLimit(40, 100)).toBe(40);
    expect(answeredLimit(1000, 1000)).toBe(1000);
    expect(answeredLimit(5000, 1000)).toBe(1000);
  });
});

describe('a wire query on the engine', () => {
  let dir: string;
  let engine: DbEngine;
  const open = async (opts: EngineOptions) => {
    engine = DbEngine.open(dir, opts);
    const registry = new ActionRegistry();
    registerDatabaseActions(registry, engine, new TransactionManager(engine));
    const get = async (limit?: number) => {
      const body = { collectionName: 'c', queryType: 'WHERE', ...(limit === undefined ? {} : { limit }) };
      const res = await registry.resolve('database.getDocument')!({ action: 'database.getDocument', body, query: new URLSearchParams(), headers: {} });
      return (res.body as { data: { list: unknown[]; limit: number } }).data;
    };
    return get;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-get-cap-'));
  });
  afterEach(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers at most 100 documents under the default cap, whatever limit is asked', async () => {
    const get = await open({ getCap: 100 });
    await engine.addCollection('c');
    await engine.insert('c', Array.from({ length: 250 }, (_, i) => ({ i })));
    for (const asked of [undefined, 101, 1000, 5000]) {
      const data = await get(asked);
      expect(data.list).toHaveLength(100);
      expect(data.limit).toBe(100);
    }
    expect((await get(30)).list).toHaveLength(30);
    // The in-process handle (emulator internals, tests' own reads) keeps the engine's 1000.
    expect(engine.find('c', {}, { natural: true })).toHaveLength(250);
  });

  it('answers up to 1000 under getCap 1000', async () => {
    const get = await open({ getCap: 1000 });
    await engine.addCollection('c');
    await engine.insert('c', Array.from({ length: 1200 }, (_, i) => ({ i })));
    expect((await get()).list).toHaveLength(1000);
    expect((await get(5000)).list).toHaveLength(1000);
    expect((await get(250)).list).toHaveLength(250);
  });
});
