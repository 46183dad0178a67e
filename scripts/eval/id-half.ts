/**
 * Splits a shop's customers into two fixed halves by their id, for design choices that must not
 * read the customers a headline figure is judged on: `eval:clv --half A` scores only half A (the fit
 * still sees everyone's calibration period, as the product would). Half A holds the ids whose
 * 32-bit FNV-1a hash (over UTF-16 code units) is even; the rule is the one the CDNOW dev
 * protocol has used since session 3 (models/value/report.md, "The dev-split protocol"), so its figures
 * reproduce.
 */

/** The two halves. */
export type IdHalf = 'A' | 'B';

/** 32-bit FNV-1a of a string's UTF-16 code units. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The half a customer id belongs to. */
export const idHalf = (id: string): IdHalf => (fnv1a32(id) % 2 === 0 ? 'A' : 'B');

/** Reads `--half`'s value: undefined when not given; throws on anything but A or B. */
export function parseIdHalf(v: string | undefined): IdHalf | undefined {
  if (v === undefined) return undefined;
  if (v !== 'A' && v !== 'B') throw new Error(`--half must be A or B, not ${v}`);
  return v;
}
