import fc from 'fast-check';
import { normalizeText } from './normalize';

describe('normalizeText', () => {
  it('maps full-width ASCII and the ideographic space to half-width, lower-cases', () => {
    expect(normalizeText('ＡＢＣ１２３！　ｏｋ')).toBe('abc123! ok');
    expect(normalizeText('iPhone ÄÖ')).toBe('iphone äö');
  });

  it('collapses whitespace, trims, and shortens long runs of one character', () => {
    expect(normalizeText('  好好好好好  \n\t 差！！！！ ')).toBe('好好好 差!!!');
    expect(normalizeText('哈哈哈哈', 2)).toBe('哈哈');
  });

  it('is idempotent and never grows a text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('好', 'Ａ', 'a', ' ', '　', '！', '\n', '不', 'B') }),
        (s) => {
          const once = normalizeText(s);
          expect(normalizeText(once)).toBe(once);
          expect(once.length).toBeLessThanOrEqual(s.length);
        },
      ),
    );
  });
});
