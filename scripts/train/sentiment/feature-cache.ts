/**
 * Featurised reviews cached on disk (experiments re-read the same 62k reviews many times; the
 * machine is shared). Keyed by the featurizer hash of the spec and the data's sha256; a cache
 * file is one Int32Array: [rowCount, offsets (rowCount+1)..., ids...].
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { featurizerHash, featurizeReview, type SentimentFeatureSpec } from '../../../cloudfunctions/common/text';
import type { Review } from './data';

/** Where caches live (QX_SENTIMENT_CACHE overrides). */
export const CACHE_DIR = process.env.QX_SENTIMENT_CACHE ?? path.join(os.tmpdir(), 'qx-sentiment-cache');

/** Ids of every row of `rows` (in order), from the cache when present. */
export function cachedFeatures(
  rows: readonly Review[],
  spec: SentimentFeatureSpec,
  dataHash: string,
): Int32Array[] {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `ids-${featurizerHash(spec).slice(0, 16)}-${dataHash.slice(0, 16)}-${rows.length}.bin`);
  if (fs.existsSync(file)) {
    const buf = fs.readFileSync(file);
    const all = new Int32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    const n = all[0];
    if (n === rows.length) {
      const base = 2 + n;
      return rows.map((_, i) => all.slice(base + all[1 + i], base + all[2 + i]));
    }
  }
  const ids = rows.map((r) => featurizeReview(r.text, spec));
  const total = ids.reduce((a, x) => a + x.length, 0);
  const out = new Int32Array(2 + rows.length + total);
  out[0] = rows.length;
  let off = 0;
  ids.forEach((x, i) => {
    out[1 + i] = off;
    out.set(x, 2 + rows.length + off);
    off += x.length;
  });
  out[1 + rows.length] = off;
  fs.writeFileSync(file, out);
  return ids;
}
