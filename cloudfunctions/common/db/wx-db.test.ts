import { memoryDb } from './testing/memory-sdk';
import { Db, UnorderedSkipError } from './wx-db';

async function seeded(n: number, cap = 1000): Promise<Db> {
  const { db } = memoryDb({ pageCap: cap });
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
    // 100 is the smallest server-side cap ever documented or measured (wx-db.ts SURE_LAST_PAGE).
    for (const cap of [1000, 500, 100]) {
      const db = await seeded(250, cap);
      const all = await db.findAll('c', { g: 'x' }, { pageSize: 1000 });
      expect(all.map((d) => d._id)).toEqual(Array.from({ length: 250 }, (_, i) => `k${String(i).padStart(4, '0')}`));
      expect(await db.findAll('c', { g: 'y' })).toEqual([]);
    }
  });
});
