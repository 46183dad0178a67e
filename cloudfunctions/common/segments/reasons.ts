/**
 * Per-customer reasons: the features that pull the customer toward their segment's centroid
 * the most (customer z × centroid z, both on the same side of the population), in plain Chinese.
 */
import { FEATURE_WORDING, sayValue } from './feature-labels';

/** Per feature: the reason's tail when above / below typical, or null for a feature without wording. */
type Tails = Array<{ more: string; less: string } | null>;
// The tails depend on the model only (names, typical values): built once per model, not per customer.
const tailsByTypical = new WeakMap<object, { names: string[]; tails: Tails }>();

function tailsOf(names: string[], typical: ArrayLike<number>): Tails {
  const hit = tailsByTypical.get(typical as object);
  if (hit && hit.names === names) return hit.tails;
  const tails = names.map((f, j) => {
    const wd = FEATURE_WORDING[f];
    if (!wd) return null;
    // the typical customer is a mean: said as one (不到1次, 约4元), the customer's own figure exactly
    const typ = `（一般客户：${sayValue(f, typical[j], true)}）`;
    return { more: `，${wd.more}${typ}`, less: `，${wd.less}${typ}` };
  });
  if (typeof typical === 'object') tailsByTypical.set(typical as object, { names, tails });
  return tails;
}

/**
 * Top `n` reasons, e.g. "近30天购买3次，高于一般客户（一般客户：近30天购买不到1次）": features with a
 * wording, pulling toward the centroid (z × centroid z > 0) and |z| ≥ 0.25, strongest first (ties
 * in feature order). Selected in one pass without sorting: this runs once per customer per pass.
 */
export function segmentReasons(
  names: string[],
  customerRaw: ArrayLike<number>,
  customerZ: ArrayLike<number>,
  centroidZ: ArrayLike<number>,
  typical: ArrayLike<number>,
  n = 3,
): string[] {
  const tails = tailsOf(names, typical);
  const top: number[] = []; // feature indexes, strongest first
  const score: number[] = [];
  for (let j = 0; j < names.length; j++) {
    const z = customerZ[j];
    const c = z * centroidZ[j];
    if (!(c > 0) || Math.abs(z) < 0.25 || !tails[j]) continue;
    let at = top.length;
    while (at > 0 && c > score[at - 1]) at--; // strictly greater: earlier features win ties
    if (at >= n) continue;
    top.splice(at, 0, j);
    score.splice(at, 0, c);
    if (top.length > n) {
      top.pop();
      score.pop();
    }
  }
  return top.map((j) => {
    const t = tails[j] as { more: string; less: string };
    return sayValue(names[j], customerRaw[j]) + (customerZ[j] > 0 ? t.more : t.less);
  });
}
