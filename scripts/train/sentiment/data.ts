/**
 * Loads the sentiment CSVs (../shared/data/sentiment), hashes them, and makes seeded stratified
 * splits (CSV rows parsed by scripts/eval/reviews.ts). Rows keep their source ("shop" | "waimai") and category for per-slice reporting.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseReviewsCsv, type Review } from '../../eval/reviews';
import { mulberry32, shuffle } from './rng';

export { parseReviewsCsv, SentimentDataError, type Review } from '../../eval/reviews';

/** The two training files, in a fixed order (their sha256 goes into meta.json). */
export const SENTIMENT_FILES = { shop: 'online_shopping_9cats.csv', waimai: 'waimai_10k.csv' } as const;

/** Loads both files; returns rows per source and the sha256 of each file and of both together. */
export function loadSentimentData(dir: string): {
  shop: Review[];
  waimai: Review[];
  hashes: Record<string, string>;
} {
  const hashes: Record<string, string> = {};
  const all = createHash('sha256');
  const read = (key: keyof typeof SENTIMENT_FILES): Review[] => {
    const buf = fs.readFileSync(path.join(dir, SENTIMENT_FILES[key]));
    hashes[SENTIMENT_FILES[key]] = createHash('sha256').update(buf).digest('hex');
    all.update(buf);
    return parseReviewsCsv(buf.toString('utf8'), key);
  };
  const shop = read('shop');
  const waimai = read('waimai');
  hashes.combined = all.digest('hex');
  return { shop, waimai, hashes };
}

/**
 * Stratified split: within each stratum (`key`), a seeded shuffle, then `fraction` of it goes to
 * `held`. Identical texts are kept on the same side (no leakage through duplicates).
 */
export function stratifiedSplit<T extends { text: string }>(
  rows: readonly T[],
  key: (r: T) => string,
  fraction: number,
  seed: number,
): { kept: T[]; held: T[] } {
  const rand = mulberry32(seed);
  const groups = new Map<string, T[][]>();
  const byText = new Map<string, T[]>();
  for (const r of rows) {
    const g = byText.get(r.text);
    if (g) g.push(r);
    else byText.set(r.text, [r]);
  }
  for (const g of byText.values()) {
    const k = key(g[0]);
    const list = groups.get(k) ?? [];
    list.push(g);
    groups.set(k, list);
  }
  const kept: T[] = [];
  const held: T[] = [];
  for (const k of [...groups.keys()].sort()) {
    const list = shuffle(groups.get(k)!, rand);
    const nHeld = Math.round(list.length * fraction);
    list.forEach((g, i) => (i < nHeld ? held : kept).push(...g));
  }
  return { kept, held };
}
