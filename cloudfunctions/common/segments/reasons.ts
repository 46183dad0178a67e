/**
 * Per-customer reasons: the features that pull the customer toward their segment's centroid
 * the most (customer z × centroid z, both on the same side of the population), in plain Chinese.
 */
import { FEATURE_WORDING, sayValue } from './feature-labels';

/** Top `n` reasons, e.g. "近30天购买3次，高于一般客户（一般客户：近30天购买0次）". */
export function segmentReasons(
  names: string[],
  customerRaw: ArrayLike<number>,
  customerZ: ArrayLike<number>,
  centroidZ: ArrayLike<number>,
  typical: ArrayLike<number>,
  n = 3,
): string[] {
  const ranked = names
    .map((f, j) => ({ f, j, c: customerZ[j] * centroidZ[j] }))
    .filter((r) => FEATURE_WORDING[r.f] && r.c > 0 && Math.abs(customerZ[r.j]) >= 0.25)
    .sort((a, b) => b.c - a.c)
    .slice(0, n);
  return ranked.map(({ f, j }) => {
    const wd = FEATURE_WORDING[f];
    return `${sayValue(f, customerRaw[j])}，${customerZ[j] > 0 ? wd.more : wd.less}（一般客户：${sayValue(f, typical[j])}）`;
  });
}
