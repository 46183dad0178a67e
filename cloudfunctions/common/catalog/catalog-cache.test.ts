import { cachedCatalog } from './catalog-cache';
import type { CatalogLookup } from './catalog-port';

function source(products: Map<string, string>): CatalogLookup & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    async categoriesOf(ids) {
      asked.push([...ids]);
      return new Map(ids.filter((id) => products.has(id)).map((id) => [id, products.get(id)!]));
    },
  };
}

describe('catalog cache', () => {
  it('asks the source only for ids it does not know, and never caches a miss', async () => {
    const products = new Map([['p1', 'c1']]);
    const src = source(products);
    let t = 0;
    const cat = cachedCatalog(src, { ttlMs: 1000, now: () => t });
    expect([...(await cat.categoriesOf(['p1', 'p2', 'p1']))]).toEqual([['p1', 'c1']]);
    expect(src.asked).toEqual([['p1', 'p2']]);
    await cat.categoriesOf(['p1']);
    expect(cat.lookups).toBe(1); // warm: no request at all
    products.set('p2', 'c2'); // created a moment ago
    expect((await cat.categoriesOf(['p1', 'p2'])).get('p2')).toBe('c2');
    expect(src.asked[1]).toEqual(['p2']);
    t = 1001; // expired: asked again (a delisted product stops being accepted)
    products.delete('p1');
    expect((await cat.categoriesOf(['p1'])).has('p1')).toBe(false);
    expect(cat.lookups).toBe(3);
  });
});
