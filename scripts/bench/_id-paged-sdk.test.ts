import { idPagedDb } from './_id-paged-sdk';

describe('idPagedDb (bench stand-in for the SDK database)', () => {
  const consents = [
    { _id: 'c', updatedAt: 5 },
    { _id: 'a', updatedAt: 1, withdrawnAt: 9 },
    { _id: 'b', updatedAt: 7, withdrawnAt: 8 },
    { _id: 'd' },
  ];
  const db = idPagedDb({ consents, profiles: [{ _id: 'x' }, { _id: 'y' }, { _id: 'z' }] });

  it('answers _.or of _.gt conditions once per document, in _id order', async () => {
    const hits = await db.find('consents', db._.or([{ updatedAt: db._.gt(4) }, { withdrawnAt: db._.gt(4) }]), { limit: 10 });
    expect(hits.map((d) => d._id)).toEqual(['a', 'b', 'c']);
    const later = await db.find('consents', db._.or([{ updatedAt: db._.gt(6) }]), { limit: 10 });
    expect(later.map((d) => d._id)).toEqual(['b']);
  });

  it('pages by _id and refuses queries it does not offer', async () => {
    const page = await db.find('profiles', { _id: db._.gt('x') }, { orderBy: ['_id', 'asc'], limit: 1 });
    expect(page.map((d) => d._id)).toEqual(['y']);
    // Db.pages asks its first page without an _id condition (the projection cache's walk of profiles)
    expect((await db.findAll('profiles', {}, { pageSize: 2 })).map((d) => d._id)).toEqual(['x', 'y', 'z']);
    // the consent patch's keyset pages: one field > x, in _id order, page by page
    expect((await db.findAll('consents', { updatedAt: db._.gt(4) }, { pageSize: 1 })).map((d) => d._id)).toEqual(['b', 'c']);
    await expect(db.find('consents', { updatedAt: 1 }, { limit: 5 })).rejects.toThrow(/only _id/);
  });
});
