import { nameContains, nameSearchText } from './name-search';

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
