import { applyLocalIndexes, consoleInstructions, createCollections } from '../../scripts/db/init';
import { SCHEMA } from '../../scripts/db/schema';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { startTestCloud, loadSdk, type TestCloud } from '../helpers/local-cloud';

describe('db:init through the real wx-server-sdk', () => {
  // A fresh cloud per test: 'creates collections once' needs a cloud with no collections, and the
  // index test creates every one of them (it passed alone but failed after the index test).
  let t: TestCloud;
  beforeEach(async () => {
    t = await startTestCloud();
    Object.assign(process.env, t.env);
  });
  afterEach(() => t.close());

  it('declares every collection the functions use', () => {
    const names = SCHEMA.collections.map((c) => c.name);
    for (const c of Object.values(COLLECTIONS)) expect(names).toContain(c);
    for (const c of SCHEMA.collections) expect(c.rules).toEqual({ read: false, write: false });
  });

  it('creates collections once, then reports them as existing', async () => {
    const db = loadSdk('local').database();
    expect(t.cloud.db.collections()).toEqual([]);
    const first = await createCollections(db);
    expect(Object.values(first).every((r) => r === 'created')).toBe(true);
    const again = await createCollections(db);
    expect(Object.values(again).every((r) => r === 'exists')).toBe(true);
    expect(t.cloud.db.collections()).toEqual(expect.arrayContaining(SCHEMA.collections.map((c) => c.name)));
  });

  it('applies the indexes to the local cloud and says what to do in the console', async () => {
    await applyLocalIndexes(t.cloud.db);
    await applyLocalIndexes(t.cloud.db); // idempotent
    expect(consoleInstructions()).toMatch(/events: 索引管理 → openid 升序 \+ ts 升序/);
    // The sentiment refit's keyset read (refit/sentiment/reviews.ts): name, then (ts, _id).
    expect(consoleInstructions()).toMatch(/events: .*; name 升序 \+ ts 升序 \+ _id 升序;/);
  });
});
