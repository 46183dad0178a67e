/**
 * The local cloud's two readings of an update's `stats.updated` (`QX_UPDATE_COUNT`,
 * common/db/update-count.ts), through the real wx-server-sdk: 'modified' (the default) counts the
 * documents an update changed, 'matched' every document it matched, changed or not. CloudBase's
 * reference says only "成功更新的记录数量". The product's writes that act on a count hold under
 * both: a job run's save with an unchanged patch, a dispatch lease renewed in the same
 * millisecond, a retried WeChat push, an erasure marked twice at the same time.
 */
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { markErased } from '../../cloudfunctions/common/consent/erasures';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { applyAccept, grantId } from '../../cloudfunctions/common/dispatch/grants-ledger';
import { acquireLease, renewLease } from '../../cloudfunctions/common/dispatch/lease';
import { newJobRun } from '../../cloudfunctions/common/jobs/runner';
import { wxJobDb } from '../../cloudfunctions/common/jobs/wx-ports';
import type { TestCloud, WxSdk } from '../helpers/local-cloud';
import { startReadingCloud } from '../helpers/reading-cloud';

describe.each(['modified', 'matched'] as const)('update counts (%s)', (mode) => {
  let t: TestCloud;
  let sdk: WxSdk, _: WxSdk, c: WxSdk;
  let db: Db;
  /** `modified` under the default reading, `matched` under the other. */
  const count = (matched: number, modified: number): number => (mode === 'matched' ? matched : modified);

  beforeAll(async () => {
    ({ t, db: sdk, _, c } = await startReadingCloud({ updateCount: mode }, 'cnt', [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]));
    for (const coll of [COLLECTIONS.jobs, COLLECTIONS.jobRuns, COLLECTIONS.grants, COLLECTIONS.consents]) await sdk.createCollection(coll);
    db = new Db(sdk);
  });
  afterAll(() => t.close());

  it('an update answers the documents it matched or the ones it changed', async () => {
    expect((await c.where({ _id: 'a' }).update({ data: { n: 1 } })).stats.updated).toBe(count(1, 0));
    expect((await c.doc('a').update({ data: { n: _.max(0) } })).stats.updated).toBe(count(1, 0));
    expect((await c.where({ n: _.gte(1) }).update({ data: { n: 2 } })).stats.updated).toBe(count(2, 1));
    expect((await c.where({ n: 3 }).update({ data: { n: 4 } })).stats.updated).toBe(0);
    expect((await c.where({ n: 2 }).update({ data: { n: _.inc(1) } })).stats.updated).toBe(2);
  });

  it('a job run saved with a patch that changes nothing is still saved by its lease holder only', async () => {
    const jobs = wxJobDb(db);
    await jobs.insertRun(newJobRun(`k@${mode}`, 'k', 'timer', {}, 1));
    expect(await jobs.acquireLease(`k@${mode}`, 5, 100, 'L')).toBe(true);
    expect(await jobs.acquireLease(`k@${mode}`, 5, 100, 'M')).toBe(false);
    expect(await jobs.saveRun(`k@${mode}`, 'L', { artifacts: { 'a.json': 'cloud://a' } })).toBe(true);
    expect(await jobs.saveRun(`k@${mode}`, 'L', { artifacts: { 'a.json': 'cloud://a' } })).toBe(true);
    expect(await jobs.saveRun(`k@${mode}`, 'M', { artifacts: { 'a.json': 'cloud://a' } })).toBe(false);
  });

  it('the dispatch lease: one holder, renewed in the same millisecond, refused to another', async () => {
    const now = 1_000_000;
    const lease = await acquireLease(db, 'o1', 60_000, now);
    expect(lease).not.toBeNull();
    expect(await acquireLease(db, 'o2', 60_000, now)).toBeNull();
    expect(await renewLease(db, lease!, now)).toBe(true);
    expect(await renewLease(db, lease!, now)).toBe(true);
    expect(await renewLease(db, { owner: 'o2', ttlMs: 60_000 }, now)).toBe(false);
  });

  it('a retried push adds one grant; an erasure marked twice at the same time keeps one record', async () => {
    expect(await applyAccept(db, 'u1', 'tpl', 'popup:u1:100:tpl', 100)).toBe('applied');
    expect(await applyAccept(db, 'u1', 'tpl', 'popup:u1:100:tpl', 100)).toBe('duplicate');
    expect(await db.getById(COLLECTIONS.grants, grantId('u1', 'tpl'))).toMatchObject({ available: 1, accepted: 1 });
    await markErased(db, 'u2', 5_000);
    await markErased(db, 'u2', 5_000);
    expect(await db.getById(COLLECTIONS.consents, 'u2')).toMatchObject({ erasedAt: 5_000, granted: false });
  });
});
