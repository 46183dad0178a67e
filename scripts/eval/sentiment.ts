/**
 * `npm run eval:sentiment -- [--adapt ADAPT.csv] TEST.csv`: scores a labelled CSV (`label,review`
 * or `cat,label,review`) through the cloud function's own inference code, prints per-category
 * accuracy and ECE, and as the last line
 * {"n","accuracy","balanced_accuracy","macro_f1","f1_pos","f1_neg","texts_per_s"} (texts/s =
 * featurisation + inference after the session is created; ORT on one thread).
 * With `--adapt ADAPT.csv`: ADAPT.csv's labels play the shop's ratings; the product's adaptation
 * step (buildShopSentimentModel: fit, guard on held-back reviews, export) runs on them, TEST.csv
 * is scored by the adapted graph when the guard shipped it, else by the base; the JSON adds
 * "adapted" and "adapt_n".
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createSession,
  findModelDir,
  scoreSentiment,
  scoreSentimentWith,
  type SentimentScore,
} from '../../cloudfunctions/common/inference';
import { buildShopSentimentModel } from '../../cloudfunctions/common/sentiment-adapt';
import { binaryMetrics } from '../../cloudfunctions/common/sentiment-model';
import { parseReviewsCsv, type Review } from './reviews';

const USAGE =
  'usage: npm run eval:sentiment -- [--adapt ADAPT.csv] TEST.csv   (header "label,review" or "cat,label,review")';

function readRows(file: string, what: string): Review[] | string {
  if (!fs.existsSync(file)) return `eval:sentiment: no such file: ${file}`;
  const rows = parseReviewsCsv(fs.readFileSync(file, 'utf8'), what);
  return rows.length === 0 ? `eval:sentiment: ${file} has no rows` : rows;
}

/** Builds the scorer: the base model, or the shop-adapted graph when --adapt's guard ships it. */
async function scorer(adaptFile: string | undefined): Promise<
  | string
  | { score: (texts: string[]) => Promise<SentimentScore[]>; extra: Record<string, unknown> }
> {
  if (!adaptFile) return { score: scoreSentiment, extra: {} };
  const adaptRows = readRows(adaptFile, 'adapt');
  if (typeof adaptRows === 'string') return adaptRows;
  const dir = findModelDir('sentiment');
  if (!dir) return 'eval:sentiment: no models/sentiment';
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const base = fs.readFileSync(path.join(dir, meta.modelFile ?? 'model.onnx'));
  const t0 = performance.now();
  // The CSV has no review ids: the text is the key (identical texts share a slice, no leakage).
  const shop = buildShopSentimentModel(
    base,
    adaptRows.map((r) => ({ key: r.text, text: r.text, label: r.label })),
  );
  const o = shop.outcome;
  console.log(
    `adapt: n=${o.n} fit=${o.nFit} holdout=${o.nHoldout} ${o.reason} in ${((performance.now() - t0) / 1000).toFixed(1)} s` +
      (o.guard
        ? `; holdout balanced accuracy base ${o.guard.base.balanced_accuracy.toFixed(4)} adapted ${o.guard.adapted.balanced_accuracy.toFixed(4)} (margin ${o.guard.margin})`
        : '') +
      (o.correction ? `; correction ${JSON.stringify(o.correction)}` : ''),
  );
  const extra = { adapted: o.adapted, adapt_n: o.n };
  if (!shop.onnx) return { score: scoreSentiment, extra };
  const session = await createSession(shop.onnx);
  return { score: (texts) => scoreSentimentWith(session, texts, 0.5), extra };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--adapt');
  const adaptFile = at >= 0 ? args[at + 1] : undefined;
  const file = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1))[0];
  if (!file || (at >= 0 && !adaptFile)) {
    console.error(USAGE);
    return 2;
  }
  const rows = readRows(file, 'eval');
  if (typeof rows === 'string') {
    console.error(rows);
    return 2;
  }
  const s = await scorer(adaptFile);
  if (typeof s === 'string') {
    console.error(s);
    return 2;
  }
  // Create the session and warm the JIT first: texts/s measures steady scoring, not loading.
  await s.score(rows.slice(0, 256).map((r) => r.text));
  const t0 = performance.now();
  const scores = await s.score(rows.map((r) => r.text));
  const seconds = (performance.now() - t0) / 1000;
  const p = scores.map((x) => x.positive);
  const m = binaryMetrics(
    p,
    rows.map((r) => r.label),
  );
  const cats = new Map<string, [number, number]>();
  rows.forEach((r, i) => {
    const c = cats.get(r.cat) ?? [0, 0];
    c[0]++;
    if ((p[i] >= 0.5 ? 1 : 0) === r.label) c[1]++;
    cats.set(r.cat, c);
  });
  if (cats.size > 1)
    for (const [c, [n, ok]] of cats) console.log(`${c}\tn=${n}\taccuracy=${(ok / n).toFixed(4)}`);
  console.log(`ece=${m.ece.toFixed(4)} logloss=${m.logloss.toFixed(4)} seconds=${seconds.toFixed(3)}`);
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  console.log(
    JSON.stringify({
      n: m.n,
      accuracy: r4(m.accuracy),
      balanced_accuracy: r4(m.balanced_accuracy),
      macro_f1: r4(m.macro_f1),
      f1_pos: r4(m.f1_pos),
      f1_neg: r4(m.f1_neg),
      texts_per_s: Math.round(m.n / seconds),
      ...s.extra,
    }),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      `eval:sentiment failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
    );
    process.exit(1);
  },
);
