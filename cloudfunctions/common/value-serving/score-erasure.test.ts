/**
 * No resurrection by the value pass: a customer erased while the pass holds their page (and who
 * came back at once, so a new profile exists) gets no prediction computed from the old profile —
 * whether the erasure lands before the pass writes (skipped) or while it writes (taken back).
 */
import { buyerProfile } from '../../../test/helpers/profiles';
import { markErased, erasedSince } from '../consent/erasures';
import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import type { Db } from '../db/wx-db';
import { newJobRun } from '../jobs/runner';
import type { StepContext } from '../jobs/types';
import { dayIndex } from '../profile/day';
import type { ProfileDoc } from '../profile/types';
import { fitValueModel } from '../value/model';
import { historyOfProfile } from '../value/profile-history';
import type { ValueDataPorts } from './ports';
import { valueScoreHandler } from './score-job';
import { wxValueDataPorts } from './wx-ports';

const NOW = Date.UTC(2026, 11, 5, 12);
const ids = Array.from({ length: 30 }, (_, i) => `c${String(i).padStart(2, '0')}`);

async function shop(): Promise<Db> {
  const { db } = memoryDb();
  await db.insert(
    COLLECTIONS.profiles,
    ids.map((id, i) => buyerProfile(id, NOW, [2 + i, 30 + i, 80 + 2 * i]) as never),
  );
  return db;
}

/** The erasure of `openid` and its return with a fresh profile (consent kept, a new view). */
async function eraseAndReturn(db: Db, openid: string): Promise<void> {
  await markErased(db, openid, NOW);
  await db.removeWhere(COLLECTIONS.profiles, { _id: openid });
  await db.insert(COLLECTIONS.profiles, [{ _id: openid, openid, rev: 1, d: {} }]);
}

async function pass(db: Db, hook: { afterRead?: () => Promise<void>; onWrite?: (id: string) => Promise<void> }) {
  const wx = wxValueDataPorts(db);
  const profiles = (await db.findAll(COLLECTIONS.profiles, {})) as ProfileDoc[];
  const model = fitValueModel(profiles.map(historyOfProfile), { end: dayIndex(NOW), horizonDays: 90, seed: 1 });
  const data: ValueDataPorts = {
    ...wx,
    async pageProfiles(after, limit) {
      const page = await wx.pageProfiles(after, limit);
      await hook.afterRead?.();
      return page;
    },
    async writeValue(openid, v) {
      await hook.onWrite?.(openid);
      await wx.writeValue(openid, v);
    },
  };
  const h = valueScoreHandler({ data, served: async () => ({ version: 'v1', model }), now: () => NOW }, { pageSize: 100 });
  const run = newJobRun('score:value@x', 'score:value', 'test', {}, NOW);
  const ctx = { run, timeLeft: () => 1e9 } as unknown as StepContext;
  for (let i = 0; i < 5; i++) {
    const o = await h.step(ctx);
    if (o.done) return;
    Object.assign(run, { phase: o.phase ?? run.phase, cursor: o.cursor ?? run.cursor, state: o.state ?? run.state });
  }
  throw new Error('pass did not end');
}

const valueOf = async (db: Db, id: string) => ((await db.getById(COLLECTIONS.profiles, id)) as ProfileDoc & { value?: unknown })?.value;

describe('value pass vs an erasure mid-way', () => {
  it('erased after the page was read, before the writes: no prediction on the new profile', async () => {
    const db = await shop();
    let once = false;
    await pass(db, { afterRead: async () => void (once || ((once = true), await eraseAndReturn(db, 'c05'))) });
    expect(await valueOf(db, 'c05')).toBeUndefined();
    expect(await valueOf(db, 'c06')).toMatchObject({ version: 'v1' });
  });

  it('erased while the page is being written: the prediction written is taken back', async () => {
    const db = await shop();
    await pass(db, { onWrite: async (id) => void (id === 'c07' && (await eraseAndReturn(db, 'c07'))) });
    expect(await valueOf(db, 'c07')).toBeUndefined();
    expect(await valueOf(db, 'c08')).toMatchObject({ version: 'v1' });
    expect((await erasedSince(db, NOW))('c07')).toBe(true);
  });
});
