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
    // a customer's own yes/no fact has no comparison (reasonText says it alone)
    if (f === 'has_purchased') return { more: '', less: '' };
    // the typical customer is a mean: said as one (不到1次, 约4元), the customer's own figure exactly
    const typ = `（一般客户：${sayValue(f, typical[j], true)}）`;
    return { more: `，${wd.more}${typ}`, less: `，${wd.less}${typ}` };
  });
  if (typeof typical === 'object') tailsByTypical.set(typical as object, { names, tails });
  return tails;
}

/**
 * One reason as stored on the profile (`segmentReasonFacts`): the figures, not the words, so what
 * 我的 and the export show is worded by today's rules ({@link reasonText}) — a sentence stored in
 * the wording of its pass kept 「（一般客户：近30天购买0.1次）」 until the next full pass.
 */
export interface ReasonFact {
  /** feature name (models/feature-spec.json) */
  f: string;
  /** the customer's own value as scored (raw units) */
  v: number;
  /** the typical customer's value (a mean over customers) */
  t: number;
  /** above the typical customer (else below) */
  up: boolean;
}

/** A reason's sentence in today's words: "近30天购买3次，高于一般客户（一般客户：近30天购买不到1次）"; null for a feature without wording. */
export function reasonText(r: ReasonFact): string | null {
  const wd = FEATURE_WORDING[r.f];
  if (!wd) return null;
  // a yes/no fact of the customer's own (the non-buyer group's reason): a share beside it says nothing
  if (r.f === 'has_purchased') return sayValue(r.f, r.v);
  return `${sayValue(r.f, r.v)}，${r.up ? wd.more : wd.less}（一般客户：${sayValue(r.f, r.t, true)}）`;
}

/** Whether `x` is a stored reason fact (fields of the right types). */
export function isReasonFact(x: unknown): x is ReasonFact {
  const r = x as Partial<ReasonFact> | null;
  return !!r && typeof r.f === 'string' && typeof r.v === 'number' && typeof r.t === 'number' && typeof r.up === 'boolean';
}

/**
 * The reasons to show from a profile's stored fields: the facts in today's words when every one
 * reads, else the sentences stored by a pass that predates the facts (`texts`), else none.
 */
export function storedReasons(facts: unknown, texts: unknown): string[] {
  if (Array.isArray(facts) && facts.every(isReasonFact)) {
    const said = facts.map(reasonText);
    if (said.every((t): t is string => t !== null)) return said;
  }
  return Array.isArray(texts) ? texts.filter((t): t is string => typeof t === 'string') : [];
}

/**
 * Top `n` reasons, e.g. "近30天购买3次，高于一般客户（一般客户：近30天购买不到1次）": features with a
 * wording, pulling toward the centroid (z × centroid z > 0) and |z| ≥ 0.25, strongest first (ties
 * in feature order), as sentences and as the facts they say. Selected in one pass without
 * sorting: this runs once per customer per pass.
 */
export function segmentReasonsAndFacts(
  names: string[],
  customerRaw: ArrayLike<number>,
  customerZ: ArrayLike<number>,
  centroidZ: ArrayLike<number>,
  typical: ArrayLike<number>,
  n = 3,
): { texts: string[]; facts: ReasonFact[] } {
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
  const texts = top.map((j) => {
    const t = tails[j] as { more: string; less: string };
    return sayValue(names[j], customerRaw[j]) + (customerZ[j] > 0 ? t.more : t.less);
  });
  const facts = top.map((j) => ({ f: names[j], v: customerRaw[j], t: typical[j], up: customerZ[j] > 0 }));
  return { texts, facts };
}

/** The sentences of {@link segmentReasonsAndFacts}. */
export const segmentReasons = (...a: Parameters<typeof segmentReasonsAndFacts>): string[] => segmentReasonsAndFacts(...a).texts;
