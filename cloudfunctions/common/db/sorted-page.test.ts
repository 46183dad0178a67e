import { memoryDb } from './testing/memory-sdk';
import { sortedPage } from './sorted-page';

/** 250 documents of kind a and 50 of kind b; `t` shared by pairs (ties broken by `_id`). */
const docs = Array.from({ length: 300 }, (_, i) => ({ _id: `d${String(i).padStart(4, '0')}`, kind: i < 250 ? 'a' : 'b', t: Math.floor(i / 2), x: i }));
const ids = (ds: Array<Record<string, unknown>>) => ds.map((d) => d._id);

describe('sortedPage', () => {
  it('fills a page of 200 from answers capped at 100, in (field, _id) order, matching `where` only', async () => {
    const { db } = memoryDb({ pageCap: 100 });
    await db.insert('c', docs);
    const asc = await sortedPage(db, 'c', { kind: 'a' }, { orderBy: ['t', 'asc'], limit: 200 });
    expect(ids(asc.docs)).toEqual(ids(docs.slice(0, 200)));
    expect(asc.last).toBe(false);
    const end = asc.docs[199];
    const rest = await sortedPage(db, 'c', { kind: 'a' }, { orderBy: ['t', 'asc'], limit: 200, after: { value: end.t, _id: end._id } });
    expect(ids(rest.docs)).toEqual(ids(docs.slice(200, 250)));
    expect(rest.last).toBe(true);
  });

  it('walks newest first and reads the sort field and _id whatever the projection', async () => {
    const { db } = memoryDb({ pageCap: 100 });
    await db.insert('c', docs);
    const desc = await sortedPage(db, 'c', {}, { orderBy: ['t', 'desc'], limit: 400, fields: { x: true } });
    expect(ids(desc.docs)).toEqual(ids([...docs].sort((a, b) => b.t - a.t || (a._id < b._id ? 1 : -1))));
    expect(desc.docs[0]).toEqual({ _id: 'd0299', t: 149, x: 299 });
    expect(desc.last).toBe(true);
  });
});
