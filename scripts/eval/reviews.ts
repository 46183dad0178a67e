/** Labelled review CSVs: `label,review` or `cat,label,review` (RFC 4180), shared by training and eval. */
import { parseCsv } from './csv';

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
    throw new SentimentDataError(
      `${source}: header must be "label,review" or "cat,label,review", got "${header}"`,
    );
  }
  return rows.slice(1).map((r, i) => {
    if (r.length !== (hasCat ? 3 : 2))
      throw new SentimentDataError(`${source}: row ${i + 2} has ${r.length} fields`);
    const [cat, label, text] = hasCat ? r : [source, r[0], r[1]];
    if (label !== '0' && label !== '1')
      throw new SentimentDataError(`${source}: row ${i + 2} label "${label}" is not 0/1`);
    return { text, label: label === '1' ? 1 : 0, cat, source };
  });
}
