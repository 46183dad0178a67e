/** A notice's product fields (render-data.ts): what a customer reads is the shop's wording, never an id. */
import { renderData } from './render-data';

const category = { thing3: { from: 'product' as const, field: 'category' as const } };

describe('renderData: product category', () => {
  it("renders the shop's category name", () => {
    const r = renderData(category, { product: { name: '绿茶', categoryId: 'c_tea', categoryName: '茶叶' }, now: 0 });
    expect(r).toEqual({ data: { thing3: { value: '茶叶' } }, errors: [], problems: [] });
  });

  it('never sends a bare category id: a product without a category name is refused before any grant is used', () => {
    for (const product of [{ name: '绿茶', categoryId: 'c_2d01' }, { name: '绿茶', categoryId: 'c_2d01', categoryName: ' ' }]) {
      const r = renderData(category, { product, now: 0, labels: { thing3: '商品品类' } });
      expect(r.data).toEqual({});
      expect(r.problems).toEqual([{ key: 'thing3', message: '「商品品类」取不到商品品类' }]);
    }
  });
});
