/**
 * The grants ledger while CloudBase rolls `wxpush` over: instances of the release before the
 * `pushed` map (its update kept as test/fixtures/releases/grants-ledger-pushkeys-array.ts: keys in
 * the `pushKeys` array, asked `neq`) serve beside this release's, and WeChat's retry of one push can
 * reach either. Both run through the real wx-server-sdk against the local cloud, under each of the
 * local cloud's readings of `neq` on an array (QX_ARRAY_NEQ; common/db/array-neq.ts).
 * - Whatever the old instance applied, before this release's read or between its read and its
 *   update, this release does not apply again: its one conditional update asks the array too.
 * - A push this release applied is in the array the old release asks: where `neq` reads by element
 *   (MongoDB) the old instance finds it a duplicate; elsewhere it applies the retry, exactly as
 *   a second old instance would have (the bound stated in the README's "Updating a running environment").
 */
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { applyAccept, applyReject, grantId } from '../../cloudfunctions/common/dispatch/grants-ledger';
import { oldApplyAccept, oldApplyReject } from '../fixtures/releases/grants-ledger-pushkeys-array';
import type { TestCloud, WxSdk } from '../helpers/local-cloud';
import { startReadingCloud } from '../helpers/reading-cloud';

/** A Db that runs `between` once, right after the next document read returns (the ledger's read-first). */
class InterleavingDb extends Db {
  between?: () => Promise<unknown>;

  override async getById(coll: string, id: string) {
    const doc = await super.getById(coll, id);
    const run = this.between;
    this.between = undefined;
    if (run) await run();
    return doc;
  }
}

const TPL = 'tpl';
const key = (u: string, n: number): string => `popup:${u}:${n}:${TPL}`;

describe.each(['element', 'whole', 'some'] as const)('grants ledger during a rolling deploy of wxpush (array neq: %s)', (arrayNeq) => {
  let t: TestCloud;
  let sdkDb: WxSdk;
  let db: Db;
  const doc = async (u: string) => db.getById(COLLECTIONS.grants, grantId(u, TPL));
  /** A customer who accepted once while only the old release ran (its document, its array). */
  const customerOfOldRelease = async (u: string) => {
    await oldApplyAccept(db, u, TPL, key(u, 0), 100);
    return doc(u);
  };

  beforeAll(async () => {
    ({ t, db: sdkDb } = await startReadingCloud({ arrayNeq }, 'unused', [{ _id: 'x' }]));
    await sdkDb.createCollection(COLLECTIONS.grants);
    db = new Db(sdkDb);
  });
  afterAll(() => t.close());

  // The customer's first push went to either release (under 'some' the old release applies a push
  // only once this release has put a key in the array).
  it.each(['old', 'this'] as const)('a push an old instance applied is not applied again, in sequence or between the read and the update (first push: %s release)', async (first) => {
    const u = `u1${first}`;
    await (first === 'old' ? oldApplyAccept : applyAccept)(db, u, TPL, key(u, 0), 100);
    const base = (await doc(u))?.accepted as number;
    const old = await oldApplyAccept(db, u, TPL, key(u, 1), 101);
    expect(await applyAccept(db, u, TPL, key(u, 1), 101)).toBe(old === 'applied' ? 'duplicate' : 'applied');
    // The retry reaches the old instance while this release is between its read and its update.
    const racing = new InterleavingDb(sdkDb);
    let oldAnswer: unknown;
    racing.between = async () => (oldAnswer = await oldApplyAccept(db, u, TPL, key(u, 2), 102));
    const answer = await applyAccept(racing, u, TPL, key(u, 2), 102);
    expect(racing.between).toBeUndefined(); // the interleaving happened
    expect([oldAnswer, answer].filter((a) => a === 'applied')).toHaveLength(1);
    expect(await doc(u)).toMatchObject({ available: base + 2, accepted: base + 2 });
  });

  it('a notice-card reject an old instance applied is not applied again', async () => {
    await customerOfOldRelease('u2');
    const racing = new InterleavingDb(sdkDb);
    let oldAnswer: unknown;
    racing.between = async () => (oldAnswer = await oldApplyReject(db, 'u2', TPL, 'change:u2:200:tpl', 200, 'change'));
    const answer = await applyReject(racing, 'u2', TPL, 'change:u2:200:tpl', 200, 'change');
    expect([oldAnswer, answer].filter((a) => a === 'applied')).toHaveLength(1);
    expect(await doc('u2')).toMatchObject({ rejected: 1, available: 0, blocked: true });
  });

  // The old release's `neq` decides, so this is the bound, pinned per reading: by element (MongoDB)
  // never again; comparing the whole array, every retry again, as between two old instances; 'some'
  // (some element differs), again once the array holds another key — on its own that release
  // applied no push at all there (its arrays stayed empty), this release's keys fill them.
  it('a push this release applied, retried on an old instance: never applied again where neq reads by element; the bound elsewhere', async () => {
    // u3 is handled by this release then an old one; u4 by two old ones (the release as it ran alone).
    await customerOfOldRelease('u3');
    await customerOfOldRelease('u4');
    expect(await applyAccept(db, 'u3', TPL, key('u3', 1), 101)).toBe('applied');
    expect(await applyAccept(db, 'u3', TPL, key('u3', 2), 102)).toBe('applied');
    const retried = await oldApplyAccept(db, 'u3', TPL, key('u3', 2), 102);
    await oldApplyAccept(db, 'u4', TPL, key('u4', 2), 102);
    const alone = await oldApplyAccept(db, 'u4', TPL, key('u4', 2), 102);
    expect({ retried, alone }).toEqual({
      element: { retried: 'duplicate', alone: 'duplicate' },
      whole: { retried: 'applied', alone: 'applied' },
      some: { retried: 'applied', alone: 'stale' },
    }[arrayNeq]);
    const oldApplied = arrayNeq === 'some' ? 0 : 1; // u3's first push, on the old release alone
    expect((await doc('u3'))?.accepted).toBe(oldApplied + 2 + (retried === 'applied' ? 1 : 0));
    // Back on this release, the retry is a duplicate whatever the old one did.
    expect(await applyAccept(db, 'u3', TPL, key('u3', 2), 102)).toBe('duplicate');
  });
});
