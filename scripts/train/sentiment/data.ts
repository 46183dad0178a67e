/**
 * Loads the sentiment CSVs (../shared/data/sentiment), hashes them, and makes seeded stratified
 * splits. Rows keep their source ("shop" | "waimai") and category for per-slice reporting.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../../eval/csv';
import { mulberry32, shuffle } from './rng';

/** One labelled review. label: 1 = positive, 0 = negative. */
export interface Review {
  text: string;
  label: 0 | 1;
  cat: string;
  source: string;
}

/** Thrown when a CSV has an unexpected header or label. */
export class SentimentDataError extends Error {
  override name = 'SentimentDataError';
}

/** Parses a `label,review` or `cat,label,review` CSV (RFC 4180). `source` tags each row. */
export function parseReviewsCsv(text: string, source: string): Review[] {
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase()).join(',');
  const hasCat = header === 'cat,label,review';
  if (!hasCat && header !== 'label,review') {
    throw new SentimentDataError(`${source}: header must be "label,review" or "cat,label,review", got "${header}"`);
  }
  return rows.slice(1).map((r, i) => {
    if (r.length !== (hasCat ? 3 : 2)) throw new SentimentDataError(`${source}: row ${i + 2} has ${r.length} fields`);
    const [cat, label, text] = hasCat ? r : [source, r[0], r[1]];
    if (label !== '0' && label !== '1') throw new SentimentDataError(`${source}: row ${i + 2} label "${label}" is not 0/1`);
    return { text, label: label === '1' ? 1 : 0, cat, source };
  });
}

/** The two training files, in a fixed order (their sha256 goes into meta.json). */
export const SENTIMENT_FILES = { shop: 'online_shopping_9cats.csv', waimai: 'waimai_10k.csv' } as const;

/** Loads both files; returns rows per source and the sha256 of each file and of both together. */
export function loadSentimentData(dir: string): { shop: Review[]; waimai: Review[]; hashes: Record<string, string> } {
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
