import { chosenChip, needsLookup, PRODUCT_GONE, type Product } from './chosen-product';

const loaded: Product[] = [
  { _id: 'p1', name: '龙井' },
  { _id: 'p2', title: '旧商品标题' },
];
const shown = loaded.slice(0, 1);

describe('the campaign editor names its linked product', () => {
  it('by the name of a product it loaded or found, and not twice when its chip is shown', () => {
    expect(chosenChip('', shown, loaded, null)).toBeNull();
    expect(chosenChip('p1', shown, loaded, null)).toBeNull();
    expect(chosenChip('p2', shown, loaded, null)).toEqual({ _id: 'p2', label: '旧商品标题' });
  });

  it('past the loaded 200: by the fetched product, or says it is gone, never the bare id', () => {
    expect(chosenChip('p9', shown, loaded, { id: 'p9', product: { _id: 'p9', name: '白茶礼盒' } })).toEqual({ _id: 'p9', label: '白茶礼盒' });
    expect(chosenChip('p9', shown, loaded, { id: 'p9', product: null })).toEqual({ _id: 'p9', label: PRODUCT_GONE });
    expect(chosenChip('p9', shown, loaded, { id: 'p9' })).toEqual({ _id: 'p9', label: '商品名称读取中…' });
    expect(chosenChip('p9', shown, loaded, { id: 'p9', error: '系统繁忙，请稍后重试' })?.label).toBe('商品 p9（名称未能读取：系统繁忙，请稍后重试）');
    // An answer for another product (the selection changed since) does not name this one.
    expect(chosenChip('p9', shown, loaded, { id: 'p8', product: { _id: 'p8', name: '别的' } })?.label).toBe('商品名称读取中…');
  });

  it('fetches only a selected product it does not know, once', () => {
    expect(needsLookup('', loaded, null)).toBe(false);
    expect(needsLookup('p2', loaded, null)).toBe(false);
    expect(needsLookup('p9', loaded, null)).toBe(true);
    expect(needsLookup('p9', loaded, { id: 'p9' })).toBe(false);
    expect(needsLookup('p9', loaded, { id: 'p8', product: null })).toBe(true);
  });
});
