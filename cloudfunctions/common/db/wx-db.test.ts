import { memoryDb } from './testing/memory-sdk';
import { Db, UnorderedSkipError, type SdkDatabase } from './wx-db';

/** `n` documents in a memory database that answers at most `cap` a query (over the reference's 1000 get cap). */
async function seeded(n: number, cap = 1000): Promise<Db> {
  const { db } = memoryDb({ getCap: 1000, pageCap: cap });
  for (let i = 0; i < n; i++) await db.insert('c', [{ _id: `k${String(i).padStart(4, '0')}`, ts: i % 2, g: 'x' }]);
  return db;
}

describe('Db ordering rules', () => {
  it('breaks ties of an orderBy by _id in the same direction', async () => {
    const db = await seeded(6);
    expect((await db.find('c', {}, { orderBy: ['ts', 'desc'] })).map((d) => d._id)).toEqual(['k0005', 'k0003', 'k0001', 'k0004', 'k0002', 'k0000']);
    expect((await db.find('c', {}, { orderBy: ['ts', 'asc'], skip: 2, limit: 2 })).map((d) => d._id)).toEqual(['k0004', 'k0001']);
  });

  it('refuses skip without orderBy', async () => {
    const db = await seeded(3);
    await expect(db.find('c', {}, { skip: 1 })).rejects.toBeInstanceOf(UnorderedSkipError);
  });

  it('findAll reads every match once, also from a cloud that caps pages below the page size', async () => {
    // 100 is the smallest server-side cap ever documented or measured (fill-page.ts SURE_LAST_PAGE).
    for (const cap of [1000, 500, 100]) {
      const db = await seeded(1200, cap);
      const all = await db.findAll('c', { g: 'x' }, { pageSize: 1000 });
      expect(all.map((d) => d._id)).toEqual(Array.from({ length: 1200 }, (_, i) => `k${String(i).padStart(4, '0')}`));
      expect(await db.findAll('c', { g: 'y' })).toEqual([]);
    }
  });
});

describe('Db pages under the 1 MB answer limit', () => {
  /** `sdk` whose queries asking for more than `max` documents are refused with `err`. */
  function refusing(sdk: SdkDatabase, err: unknown, max = 40): SdkDatabase {
    /* eslint-disable @typescript-eslint/no-explicit-any */
    const wrap = (q: any, limit?: number): any => ({
      where: (w: unknown) => wrap(q.where(w), limit),
      orderBy: (f: string, d: string) => wrap(q.orderBy(f, d), limit),
      limit: (n: number) => wrap(q.limit(n), n),
      field: (f: unknown) => wrap(q.field(f), limit),
      get: async () => {
        if ((limit ?? 100) > max) throw err;
        return q.get();
      },
    });
    /* eslint-enable @typescript-eslint/no-explicit-any */
    return { command: sdk.command, serverDate: () => sdk.serverDate(), collection: (name: string) => wrap(sdk.collection(name)) };
  }

  // How a refusal may reach the function: the SDK keeps the server's message and maps unknown
  // codes to -1 (its own table names -602001 "database query result size exceed limit (1MB)");
  // CloudBase documents EXCEED_MAX_RESPONSE_SIZE, "响应大小超过最大响应 1MB 限制"; developers
  // report "data exceed max size" (what the local cloud says).
  it.each([
    ['the local cloud', { errCode: -1, errMsg: 'data exceed max size: the answer of 1000 documents is 2000000 bytes' }],
    ["wx-server-sdk's own code", { errCode: -602001, errMsg: 'database query result size exceed limit (1MB)' }],
    ["CloudBase's documented text", { errCode: -1, errMsg: 'requestID 1a2b, 响应大小超过最大响应 1MB 限制' }],
    ["CloudBase's code name in the text", { errCode: -501001, errMsg: '[EXCEED_MAX_RESPONSE_SIZE] response too large' }],
  ])('reads every document when an answer is refused as %s', async (_, err) => {
    const base = await seeded(250);
    const db = new Db(refusing(base.sdk, err));
    const all = await db.findAll('c', { g: 'x' }, { pageSize: 1000 });
    expect(all.map((d) => d._id)).toEqual(Array.from({ length: 250 }, (_, i) => `k${String(i).padStart(4, '0')}`));
  });
});
