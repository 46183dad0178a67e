import { memorySdk } from './memory-sdk';
import { CrashPlan, CrashPointViolation, crashingSdk, exploreCrashPoints } from './crash-points';
import { Db, DbError } from '../wx-db';

/** A world with one counter and a log of moves; `move` adds 1 to the counter and logs the move. */
function world(plan: CrashPlan) {
  const sdk = memorySdk();
  const db = new Db(crashingSdk(sdk, plan));
  const raw = new Db(sdk);
  return { sdk, db, raw };
}
type W = ReturnType<typeof world>;
const setup = async (plan: CrashPlan): Promise<W> => {
  const w = world(plan);
  // `applied` always written: the claim below is `applied ≠ m1`, and neq need not match a missing field.
  await w.raw.insert('counters', [{ _id: 'c', n: 0, applied: '' }]);
  return w;
};

/** Not idempotent: a retry after a crash between the two writes counts twice. */
async function naiveMove(db: Db): Promise<void> {
  if (await db.getById('moves', 'm1')) return;
  await db.updateById('counters', 'c', { n: db._.inc(1) });
  await db.insert('moves', [{ _id: 'm1' }]);
}

/** Idempotent: the move's record is the claim, and the counter carries the applied move's id. */
async function safeMove(db: Db): Promise<void> {
  await db.insertUnique('moves', { _id: 'm1' });
  await db.updateWhere('counters', { _id: 'c', applied: db._.neq('m1') }, { n: db._.inc(1), applied: 'm1' });
}

const counter = async (w: W): Promise<number> => Number((await w.raw.getById('counters', 'c'))?.n);
const check = async (w: W): Promise<void> => {
  if ((await counter(w)) !== 1) throw new Error(`counter ${await counter(w)}, want 1`);
};

it('finds the crash point after which a retry counts twice, and names it', async () => {
  await expect(
    exploreCrashPoints<W>({ setup, run: (w) => naiveMove(w.db), recover: (w) => naiveMove(w.raw), check }),
  ).rejects.toThrow(/crash at request 3 \(moves\.add, refused -501001, process dies\): counter 2, want 1/);
});

it('runs every crash point of an operation that holds: (2 refused + 3 lost codes) × 2 afters × its requests', async () => {
  const report = await exploreCrashPoints<W>({ setup, run: (w) => safeMove(w.db), recover: (w) => safeMove(w.raw), check });
  expect(report).toEqual({ requests: 2, points: 20, pairs: 0, recoveryCrashes: 0 });
});

/** Wrong: takes only -501001 for "the answer may be lost", any other failure for "not applied". */
async function codeTrustingMove(db: Db): Promise<void> {
  const move = { n: db._.inc(1), applied: 'm1' };
  try {
    await db.updateById('counters', 'c', move);
  } catch (err) {
    if ((err as DbError).errCode === -501001 && (await db.getById('counters', 'c'))?.applied === 'm1') return;
    await db.updateById('counters', 'c', move);
  }
}

it("crashes each point with every code wx-server-sdk gives a lost answer, so code that trusts one is found", async () => {
  const recover = async (w: W): Promise<void> => {
    if ((await w.raw.getById('counters', 'c'))?.applied !== 'm1') await w.raw.updateById('counters', 'c', { n: w.raw._.inc(1), applied: 'm1' });
  };
  const e = { setup, run: (w: W) => codeTrustingMove(w.db), recover, check };
  expect((await exploreCrashPoints<W>({ ...e, codes: { refused: [-501001], lost: [-501001] } })).points).toBe(4);
  await expect(exploreCrashPoints<W>(e)).rejects.toThrow(/crash at request 1 \(counters\.update, lost -501002, process continues\): counter 2, want 1/);
});

/**
 * Safe against any one failed request, not two: when the record's insert fails it reads the record
 * back, and gives the count back when that read fails too — though the insert was stored.
 */
async function readBackMove(db: Db): Promise<void> {
  if (await db.getById('moves', 'm1')) return;
  await db.updateWhere('counters', { _id: 'c', applied: db._.neq('m1') }, { n: db._.inc(1), applied: 'm1' });
  try {
    await db.insert('moves', [{ _id: 'm1' }]);
  } catch (err) {
    if (!(await db.getById('moves', 'm1').catch(() => null)))
      await db.updateWhere('counters', { _id: 'c', applied: 'm1' }, { n: db._.inc(-1), applied: '' });
    throw err;
  }
}

it('with pairs, finds what only two failed requests break: a lost insert whose read-back fails too', async () => {
  const e = { setup, run: (w: W) => readBackMove(w.db), recover: (w: W) => readBackMove(w.raw), check };
  expect((await exploreCrashPoints<W>(e)).pairs).toBe(0);
  await expect(exploreCrashPoints<W>({ ...e, pairs: true })).rejects.toThrow(
    /crash at request 3 \(moves\.add, lost -?\d+, process continues\), then at request 5 \(moves\.get, refused -?\d+\): counter 0, want 1/,
  );
});

/** The move's record, then its count: a call that dies in between leaves the count to a repair. */
async function recordedMove(db: Db): Promise<void> {
  await db.insert('moves', [{ _id: 'm1' }]);
  await db.updateById('counters', 'c', { n: db._.inc(1), applied: 'm1' });
}
/** Not safe against its own death: it counts, then marks, in two requests. */
async function twoStepRepair(db: Db): Promise<void> {
  const c = await db.getById('counters', 'c');
  if (!(await db.getById('moves', 'm1')) || c?.applied === 'm1') return;
  await db.updateById('counters', 'c', { n: db._.inc(1) });
  await db.updateById('counters', 'c', { applied: 'm1' });
}

it('with recoveryCrashes, finds a repair that counts twice when it dies half-way', async () => {
  /** A move recorded is counted once; one never recorded is not counted. */
  const counted = async (w: W): Promise<void> => {
    const want = (await w.raw.getById('moves', 'm1')) ? 1 : 0;
    if ((await counter(w)) !== want) throw new Error(`counter ${await counter(w)}, want ${want}`);
  };
  const e = { setup, run: (w: W) => recordedMove(w.db), recover: (w: W, crashing?: boolean) => twoStepRepair(crashing ? w.db : w.raw), check: counted };
  expect((await exploreCrashPoints<W>(e)).recoveryCrashes).toBe(0);
  await expect(exploreCrashPoints<W>({ ...e, recoveryCrashes: true })).rejects.toThrow(
    /crash at request 2 \(counters\.update, refused -?\d+, process dies\), then recovery's crash at request 4 \(counters\.update, refused -?\d+, process dies\): counter 2, want 1/,
  );
});

it('a refused request changes nothing; a lost one is applied; each answers with its code (default -501001)', async () => {
  for (const [kind, code] of [['refused', undefined], ['lost', undefined], ['refused', -502001], ['lost', -501002], ['lost', -1]] as const) {
    const plan = new CrashPlan(1, kind, 'continues', undefined, code);
    const w = await setup(plan);
    plan.arm();
    await expect(w.db.updateById('counters', 'c', { n: 5 })).rejects.toMatchObject({ errCode: code ?? -501001 });
    expect(await counter(w)).toBe(kind === 'lost' ? 5 : 0);
    expect(plan.fired).toBe(true);
  }
});

it('a dying process fails every later request and says so to side effects; a continuing one goes on', async () => {
  for (const after of ['dies', 'continues'] as const) {
    const plan = new CrashPlan(2, 'refused', after);
    const w = await setup(plan);
    plan.arm();
    await w.db.find('counters', {}, { orderBy: ['n', 'asc'], limit: 5 });
    await expect(w.db.count('counters', {})).rejects.toBeInstanceOf(DbError);
    const third = w.db.updateById('counters', 'c', { n: 7 });
    if (after === 'dies') await expect(third).rejects.toBeInstanceOf(DbError);
    else await third;
    expect(plan.alive()).toBe(after === 'continues');
    plan.disarm();
    expect(await counter(w)).toBe(after === 'dies' ? 0 : 7);
    expect(plan.calls.map((c) => `${c.collection}.${c.op}`)).toEqual(['counters.get', 'counters.count', ...(after === 'dies' ? [] : ['counters.update'])]);
  }
});

it('an operation failing by itself is not taken for a crash point', async () => {
  const boom = async (): Promise<void> => {
    throw new Error('its own bug');
  };
  await expect(exploreCrashPoints<W>({ setup, run: boom, recover: async () => undefined, check })).rejects.toThrow('its own bug');
});

it('reports a violation without any crash as such', async () => {
  await expect(
    exploreCrashPoints<W>({ setup, run: async () => undefined, recover: async () => undefined, check }),
  ).rejects.toThrow(CrashPointViolation);
});
