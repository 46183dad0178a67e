import { countLine, productHitsLine } from './count-line';

const rules = { unit: '个分群', order: '最近保存的', empty: '还没有保存的分群' };

describe('countLine', () => {
  it('says the total and how many are shown while more exist, the number once all are shown', () => {
    expect(countLine(50, true, 211, rules)).toBe('共 211 个分群，已显示最近保存的 50 个');
    expect(countLine(211, false, 211, rules)).toBe('共 211 个分群');
    expect(countLine(0, false, 0, rules)).toBe('还没有保存的分群');
  });

  it('trusts what is shown over a count read apart from it', () => {
    expect(countLine(12, false, 15, rules)).toBe('共 12 个分群');
    expect(countLine(50, true, 40, rules)).toBe('共 51 个分群，已显示最近保存的 50 个');
    expect(countLine(50, true, null, rules)).toBe('已显示最近保存的 50 个分群，还有更多');
  });

  it('names a search in the line', () => {
    const w = { ...rules, subject: '名称含「老客」的分群', empty: '没有名称含「老客」的分群' };
    expect(countLine(3, false, 3, w)).toBe('名称含「老客」的分群共 3 个');
    expect(countLine(50, true, 111, w)).toBe('名称含「老客」的分群共 111 个，已显示最近保存的 50 个');
    expect(countLine(0, false, 0, w)).toBe('没有名称含「老客」的分群');
  });
});

describe('productHitsLine', () => {
  it('says how many products a search found, and when it lists only the first of more', () => {
    expect(productHitsLine('茶', 0, false)).toBe('没有名称含「茶」的商品');
    expect(productHitsLine('茶', 3, false)).toBe('名称含「茶」的商品共 3 个');
    expect(productHitsLine('茶', 50, true)).toBe('名称含「茶」的商品超过 50 个，下面列出前 50 个，可输入更完整的名称');
  });
});
