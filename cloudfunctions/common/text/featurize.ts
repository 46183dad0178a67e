/**
 * Sentiment featurisation: normalised text → unique hashed bucket ids of char n-grams,
 * word n-grams and negation-scoped units. ONE implementation used by training and inference.
 */
import { fmix32, hashRange, NS } from './hash';
import { normalizeText } from './normalize';
import type { SentimentFeatureSpec } from './spec';

/** Bucket ids of one text (unique, in order of first occurrence; a fresh array the caller owns). */
export type FeatureIds = Int32Array;

// Dedupe with a small open-addressing set (cleared by a generation stamp) that stays in cache;
// a per-bucket "seen" table would miss the cache on every feature, a sort costs O(n log n).
let slots = new Int32Array(1024);
let stamps = new Uint32Array(1024);
let gen = 0;
let scratch = new Int32Array(1024);

function resetSet(bound: number): void {
  if (slots.length < bound * 2) {
    let size = slots.length;
    while (size < bound * 2) size *= 2;
    slots = new Int32Array(size);
    stamps = new Uint32Array(size);
    scratch = new Int32Array(size);
    gen = 0;
  }
  if (++gen === 0xffffffff) {
    stamps.fill(0);
    gen = 1;
  }
}

/** Per-spec lookup sets, built once (the spec object is a constant in practice). */
const cueCache = new WeakMap<SentimentFeatureSpec, { cues: Set<number>; breakers: Set<number> }>();
function cueSets(spec: SentimentFeatureSpec): { cues: Set<number>; breakers: Set<number> } {
  let c = cueCache.get(spec);
  if (!c) {
    const codes = (s: string) => new Set(Array.from(s, (ch) => ch.charCodeAt(0)));
    c = { cues: codes(spec.negationCues), breakers: codes(spec.scopeBreakers) };
    cueCache.set(spec, c);
  }
  return c;
}

/** Cuts a long normalised text to head + tail (sentiment often sits at the end). */
export function clipText(t: string, spec: SentimentFeatureSpec): string {
  if (t.length <= spec.headChars + spec.tailChars) return t;
  return `${t.slice(0, spec.headChars)} ${t.slice(t.length - spec.tailChars)}`;
}

/** Marks, per character, whether it lies in a negation cue's scope. */
export function negationScope(t: string, spec: SentimentFeatureSpec): Uint8Array {
  const inScope = new Uint8Array(t.length);
  const { cues, breakers } = cueSets(spec);
  let left = 0;
  for (let i = 0; i < t.length; i++) {
    const ch = t.charCodeAt(i);
    if (breakers.has(ch)) left = 0;
    else if (left > 0) {
      inScope[i] = 1;
      left--;
    }
    if (cues.has(ch)) left = spec.negationWindow;
  }
  return inScope;
}

/**
 * Features of a text. `words` are the text's word tokens (from the segmenter) — passed in so
 * this module stays free of the segmenter's dictionary; `featurize()` in index.ts wires both.
 */
export function featurizeNormalized(
  t: string,
  words: readonly string[],
  spec: SentimentFeatureSpec,
): FeatureIds {
  const mask = spec.buckets - 1;
  const finalOrders = spec.finalClauseNgrams ?? [];
  const contrastOrders = spec.contrastCues?.length ? (spec.contrastNgrams ?? [1, 2]) : [];
  resetSet(
    t.length * (spec.charNgrams.length + 2 + finalOrders.length + contrastOrders.length) +
      words.length * spec.wordNgrams.length +
      1,
  );
  const slotMask = slots.length - 1;
  let n0 = 0;
  const add = (h: number) => {
    const id = h & mask;
    let k = Math.imul(id, 0x9e3779b1) >>> 0;
    for (;;) {
      k &= slotMask;
      if (stamps[k] !== gen) {
        stamps[k] = gen;
        slots[k] = id;
        scratch[n0++] = id;
        return;
      }
      if (slots[k] === id) return;
      k++;
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
  if (finalOrders.length > 0 || contrastOrders.length > 0) {
    const { breakers } = cueSets(spec);
    if (finalOrders.length > 0) {
      let end = t.length;
      while (end > 0 && breakers.has(t.charCodeAt(end - 1))) end--;
      let start = end;
      while (start > 0 && !breakers.has(t.charCodeAt(start - 1))) start--;
      for (const n of finalOrders) {
        for (let i = start; i + n <= end; i++) add(hashRange(t, i, i + n, NS.final + n));
      }
    }
    if (contrastOrders.length > 0) {
      let start = -1;
      for (const cue of spec.contrastCues!) {
        const at = t.lastIndexOf(cue);
        if (at >= 0 && at + cue.length > start) start = at + cue.length;
      }
      if (start >= 0) {
        let end = start;
        while (end < t.length && !breakers.has(t.charCodeAt(end))) end++;
        for (const n of contrastOrders) {
          for (let i = start; i + n <= end; i++) add(hashRange(t, i, i + n, NS.contrast + n));
        }
      }
    }
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
  return scratch.slice(0, n0);
}

/** Normalise + clip a raw review (the first step of {@link featurizeNormalized}'s callers). */
export function prepareText(raw: string, spec: SentimentFeatureSpec): string {
  return clipText(normalizeText(raw, spec.maxRepeat), spec);
}
