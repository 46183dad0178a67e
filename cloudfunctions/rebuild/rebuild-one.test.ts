import { DbError, DuplicateKeyError, type Db } from '../common/db/wx-db';
import { rebuildCustomer } from './rebuild-one';

/** A database with no profile for the customer and one stored event; inserts fail with `err`. */
function db(insertErrors: Error[]): Db & { inserts: number } {
  const ev = {
    _id: 'u1:e1',
    openid: 'u1',
    eventId: 'e1',
    name: 'app_hide',
    ts: 1e12,
    clientTs: 1e12,
    receivedAt: 1e12,
    sessionId: 's',
    deviceId: 'd',
    seq: 1,
    props: {},
  };
  let created = false;
  const fake = {
    inserts: 0,
    _: {
      gt: (v: unknown) => ({ $gt: v }),
      gte: (v: unknown) => ({ $gte: v }),
      set: (v: unknown) => v,
      remove: () => undefined,
      inc: (v: number) => v,
    },
    serverDate: () => new Date(0),
    async getById() {
      return created ? { _id: 'u1', openid: 'u1', rev: 1, d: {} } : null;
    },
    async find() {
      return [ev];
    },
    async findAll() {
      return [ev];
    },
    async keysetPage() {
      return { docs: [ev], last: true };
    },
    async insert() {
      fake.inserts++;
      const e = insertErrors.shift();
      if (e instanceof DuplicateKeyError) created = true;
      if (e) throw e;
    },
    async updateWhere() {
      return 1;
    },
  };
  return fake as unknown as Db & { inserts: number };
}

describe('rebuildCustomer creating a missing profile', () => {
  it('treats only a duplicate key as a concurrent create (and reads again)', async () => {
    const d = db([new DuplicateKeyError('E11000 duplicate key')]);
    await expect(rebuildCustomer({ db: d, now: 1e12, horizonMs: 0 }, 'u1')).resolves.toBe('written');
    expect(d.inserts).toBe(1);
  });

  it('surfaces any other insert error instead of counting it as a race', async () => {
    const d = db([new DbError('disk full')]);
    await expect(rebuildCustomer({ db: d, now: 1e12, horizonMs: 0 }, 'u1')).rejects.toThrow('disk full');
    expect(d.inserts).toBe(1);
  });
});
