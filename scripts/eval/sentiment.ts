/**
 * `npm run eval:sentiment -- FILE.csv`: scores a labelled CSV (`label,review` or
 * `cat,label,review`) with the SHIPPED ONNX model through the cloud function's own inference code
 * (scoreSentiment), prints per-category accuracy and ECE, and as the last line
 * {"n","accuracy","f1_pos","f1_neg","texts_per_s"} (texts/s = featurisation + inference, after
 * the session is created; ORT on one thread).
 */
import fs from 'node:fs';
import { scoreSentiment } from '../../cloudfunctions/common/inference';
import { binaryMetrics } from '../train/sentiment/metrics';
import { parseReviewsCsv } from './reviews';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    console.error(
      'usage: npm run eval:sentiment -- FILE.csv   (header "label,review" or "cat,label,review")',
    );
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`eval:sentiment: no such file: ${file}`);
    return 2;
  }
  const rows = parseReviewsCsv(fs.readFileSync(file, 'utf8'), 'eval');
  if (rows.length === 0) {
    console.error(`eval:sentiment: ${file} has no rows`);
    return 2;
  }
  // Create the session and warm the JIT first: texts/s measures steady scoring, not loading.
  await scoreSentiment(rows.slice(0, 256).map((r) => r.text));
  const t0 = performance.now();
  const scores = await scoreSentiment(rows.map((r) => r.text));
  const seconds = (performance.now() - t0) / 1000;
  const p = scores.map((s) => s.positive);
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
      f1_pos: r4(m.f1_pos),
      f1_neg: r4(m.f1_neg),
      texts_per_s: Math.round(m.n / seconds),
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
