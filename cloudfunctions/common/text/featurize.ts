/**
 * Sentiment featurisation: normalised text → sorted unique hashed bucket ids of char n-grams,
 * word n-grams and negation-scoped units. ONE implementation used by training and inference.
 */
import { fmix32, hashRange, NS } from './hash';
import { normalizeText } from './normalize';
import type { SentimentFeatureSpec } from './spec';

/** Bucket ids of one text (sorted ascending, unique). */
export type FeatureIds = Int32Array;

let stamp = new Uint32Array(0);
let generation = 0;

function beginText(buckets: number): void {
  if (stamp.length !== buckets) {
    stamp = new Uint32Array(buckets);
    generation = 0;
  }
  if (++generation === 0xffffffff) {
    stamp.fill(0);
    generation = 1;
  }
}

/** Cuts a long normalised text to head + tail (sentiment often sits at the end). */
export function clipText(t: string, spec: SentimentFeatureSpec): string {
  if (t.length <= spec.headChars + spec.tailChars) return t;
  return `${t.slice(0, spec.headChars)} ${t.slice(t.length - spec.tailChars)}`;
}

/** Marks, per character, whether it lies in a negation cue's scope. */
export function negationScope(t: string, spec: SentimentFeatureSpec): Uint8Array {
  const inScope = new Uint8Array(t.length);
  let left = 0;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (spec.scopeBreakers.includes(ch)) left = 0;
    else if (left > 0) {
      inScope[i] = 1;
      left--;
    }
    if (spec.negationCues.includes(ch)) left = spec.negationWindow;
  }
  return inScope;
}

/**
 * Features of a text. `words` are the text's word tokens (from the segmenter) — passed in so
 * this module stays free of the segmenter's dictionary; `featurize()` in index.ts wires both.
 */
export function featurizeNormalized(t: string, words: readonly string[], spec: SentimentFeatureSpec): FeatureIds {
  const mask = spec.buckets - 1;
  beginText(spec.buckets);
  const out: number[] = [];
  const add = (h: number) => {
    const b = h & mask;
    if (stamp[b] !== generation) {
      stamp[b] = generation;
      out.push(b);
    }
  };
  for (const n of spec.charNgrams) {
    for (let i = 0; i + n <= t.length; i++) add(hashRange(t, i, i + n, NS.char + n));
  }
  const scope = negationScope(t, spec);
  for (let i = 0; i < t.length; i++) {
    if (!scope[i]) continue;
    add(hashRange(t, i, i + 1, NS.neg));
    if (scope[i + 1]) add(hashRange(t, i, i + 2, NS.neg + 2));
  }
  if (spec.wordNgrams.length > 0) {
    const wh = words.map((w) => hashRange(w, 0, w.length, NS.word));
    for (const n of spec.wordNgrams) {
      for (let i = 0; i + n <= wh.length; i++) {
        let h = wh[i];
        for (let k = 1; k < n; k++) h = fmix32(Math.imul(h, 31) ^ wh[i + k]);
        add(fmix32(h + n));
      }
    }
  }
  const ids = Int32Array.from(out);
  return ids.sort();
}

/** Normalise + clip a raw review (the first step of {@link featurizeNormalized}'s callers). */
export function prepareText(raw: string, spec: SentimentFeatureSpec): string {
  return clipText(normalizeText(raw, spec.maxRepeat), spec);
}
