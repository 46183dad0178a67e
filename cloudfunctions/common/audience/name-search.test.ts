import fc from 'fast-check';
import { nameContains, nameSearchText } from './name-search';
import { PRODUCT_SEARCH_MAX, productSearchText, searchText } from '../contracts/name-search';

describe('nameContains', () => {
  it('matches the text literally, Latin letters in either case, and nothing else loosely', () => {
    const re = nameContains('vip.(A+B)*');
    expect(re.flags).toBe('');
    expect(re.test('老客VIP.(a+b)*名单')).toBe(true);
    expect(re.test('vipX(A+B)*')).toBe(false);
    expect(re.test('vip.AAB')).toBe(false);
  });

  it('escapes every metacharacter, so a pattern is searched as typed', () => {
    for (const text of ['.*', '^', '$', '\\', '[a]', '{2}', '|', '?', '+', '(', ')']) {
      const re = nameContains(text);
      expect(re.test(`x${text}y`)).toBe(true);
      expect(re.test('plain 名称')).toBe(false);
    }
  });

  it('folds only ASCII letters: Chinese and other scripts match as themselves', () => {
    expect(nameContains('高价值').test('近期高价值客户')).toBe(true);
    expect(nameContains('k').test('\u212a')).toBe(false); // the Kelvin sign: an engine's `i` flag may fold it
    expect(nameContains('é').test('É')).toBe(false);
    expect(nameContains('😀a').test('x😀A')).toBe(true);
  });
});

describe('nameSearchText', () => {
  it('trims and takes 1–20 characters without control characters or lone surrogates', () => {
    expect(nameSearchText.parse('  老客 ')).toBe('老客');
    for (const bad of ['', '  ', 'x'.repeat(21), 'a\nb', 'a\u0000']) expect(nameSearchText.safeParse(bad).success).toBe(false);
    for (const bad of ['a\uD800', '\uDC00b', '\uDC00\uD800']) expect(nameSearchText.safeParse(bad).success).toBe(false);
    expect(nameSearchText.parse('😀茶')).toBe('😀茶');
  });
});

describe('searchText (one rule: staff name searches, 20; a customer product search, 50)', () => {
  it('takes exactly `max` characters after trimming and refuses one more', () => {
    for (const [schema, max] of [[nameSearchText, 20], [productSearchText, PRODUCT_SEARCH_MAX]] as const) {
      expect(schema.parse(` ${'茶'.repeat(max)} `)).toBe('茶'.repeat(max));
      expect(schema.safeParse('茶'.repeat(max + 1)).error?.issues[0]?.message).toBe(`搜索内容最多 ${max} 个字`);
    }
  });

  it("allows empty text only where asked: shop's q (no search), never a staff search", () => {
    expect(productSearchText.parse('   ')).toBe('');
    expect(nameSearchText.safeParse('   ').error?.issues[0]?.message).toBe('请输入要搜索的名称');
  });

  it('refuses any text holding a control character or a lone surrogate, wherever it stands', () => {
    const bad = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f)).map((c) => String.fromCharCode(c));
    const lone = fc.oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff })).map((c) => String.fromCharCode(c));
    // Letters on both sides, so trimming cannot take the bad character away; a lone high half before a letter stays lone.
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.oneof(bad, lone), fc.string({ maxLength: 10 }), (a, x, b) => {
        const text = `a${a.replace(/[\ud800-\udfff]/g, '')}${x}z${b.replace(/[\ud800-\udfff]/g, '')}`;
        for (const schema of [searchText(40), productSearchText]) expect(schema.safeParse(text).success).toBe(false);
      }),
    );
  });

  it('takes any text of whole characters without control characters, up to the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), (t) => {
        const text = t.replace(/[\u0000-\u001f\u007f]/g, '').trim();
        fc.pre(text.length > 0 && text.length <= PRODUCT_SEARCH_MAX);
        expect(productSearchText.parse(text)).toBe(text);
      }),
    );
  });
});
