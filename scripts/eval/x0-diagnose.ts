/**
 * `npx tsx scripts/eval/x0-diagnose.ts <clv args> [--seed S]`: where the learned model puts one-time
 * buyers (x = 0) on one split (session 14, issue 11; models/value/report.md "One-time buyers on the
 * dev splits"). Fits the product's model once and prints, per training window and at the end, for
 * x = 0 and for repeaters: customers, tenure, target (actual) ÷ BG/NBD, and the trees' mean
 * correction exp(f) — the evidence for why the trees pull one-time buyers down.
 */
import {
  formatDay,
  historyUpTo,
  purchaseDaysBetween,
  rfmAt,
} from '../../cloudfunctions/common/value/history';
import { FEATURE_FAMILIES } from '../../cloudfunctions/common/value/features';
import {
  fitBgnbdAt,
  predictLearned,
  windowLevel,
  type CustomerHistory,
} from '../../cloudfunctions/common/value/learned';
import { predictValue } from '../../cloudfunctions/common/value/model';
import { fitGuardedValueModel } from '../../cloudfunctions/common/value-serving/backtest';

import { readPurchaseEval, runEvalMain } from './purchase-eval-args';

const USAGE =
  'usage: npx tsx scripts/eval/x0-diagnose.ts --file F.csv --id COL --date COL --calibration-end D --holdout-end D [--seed S]';

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

async function main(): Promise<number> {
  const read = readPurchaseEval('x0-diagnose', process.argv.slice(2), USAGE, [], ['seed']);
  if (!read) return 2;
  const a = read.args;
  const seed = Number(a.values.get('seed') ?? 1);
  const all: CustomerHistory[] = [];
  for (const [, h] of read.loaded.customers) if (h.days[0] <= a.calibrationEnd) all.push({ purchases: h });
  const seen = all.map((c) => ({ purchases: historyUpTo(c.purchases, a.calibrationEnd) }));
  const horizonDays = a.holdoutEnd - a.calibrationEnd;
  const families = FEATURE_FAMILIES.filter((f) => f !== 'behaviour');
  const { model } = fitGuardedValueModel(seen, { end: a.calibrationEnd, horizonDays, families, seed });
  const lm = model.learned;
  const h = lm.trainingHorizonDays;
  console.log(`h'=${h} trees=${lm.gbt.trees.length} level=${model.level?.factor.toFixed(4)}`);
  console.log(
    '| where | group | n | median tenure d | Σy/ΣBG | Σy/(ΣBG·window level) | mean exp(f) | Σ pred/ΣBG |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const row = (
    where: string,
    name: string,
    idx: number[],
    y: number[],
    bg: number[],
    pred: number[],
    T: number[],
    lvl: number,
  ) => {
    const s = (v: number[]) => idx.reduce((t, k) => t + v[k], 0);
    const ef = idx.reduce((t, k) => t + pred[k] / bg[k], 0) / idx.length;
    console.log(
      `| ${where} | ${name} | ${idx.length} | ${median(idx.map((k) => T[k])).toFixed(0)} | ${(s(y) / s(bg)).toFixed(3)} | ${(s(y) / s(bg) / lvl).toFixed(3)} | ${ef.toFixed(3)} | ${(s(pred) / s(bg)).toFixed(3)} |`,
    );
  };
  let latest: { y: number[]; bg: number[]; pred: number[]; r: { x: number; tx: number; T: number }[]; lvl: number } | undefined;
  for (const cut of [...lm.cutoffs].reverse()) {
    const bgFit = fitBgnbdAt(seen, cut);
    const p = predictLearned(lm, seen, cut, h, bgFit);
    const hist = p.index.map((ci) => historyUpTo(seen[ci].purchases, cut));
    const r = hist.map((hh) => rfmAt(hh, cut));
    const y = p.index.map((ci) => purchaseDaysBetween(seen[ci].purchases, cut, cut + h));
    const lvl = Math.exp(
      windowLevel(
        y,
        p.bgnbd.map((b) => Math.log(Math.max(b, 1e-9))),
      ),
    );
    if (cut === lm.cutoffs[0]) latest = { y, bg: p.bgnbd, pred: p.expected, r, lvl };
    const T = r.map((rr) => rr.T * 7);
    const ks = r.map((_, k) => k);
    row(
      `cut ${formatDay(cut)} (level ${lvl.toFixed(3)})`,
      'x=0',
      ks.filter((k) => r[k].x === 0),
      y,
      p.bgnbd,
      p.expected,
      T,
      lvl,
    );
    row(
      '',
      'x≥1',
      ks.filter((k) => r[k].x > 0),
      y,
      p.bgnbd,
      p.expected,
      T,
      lvl,
    );
  }
  const noLevel = predictValue({ ...model, level: undefined }, seen);
  const bg = noLevel.map((q) => q?.bgnbdExpectedPurchases ?? 0);
  const L = noLevel.map((q) => q?.expectedPurchases ?? 0);
  const y = all.map((c) => purchaseDaysBetween(c.purchases, a.calibrationEnd, a.holdoutEnd));
  const r = seen.map((c) => rfmAt(c.purchases, a.calibrationEnd));
  const T = r.map((rr) => rr.T * 7);
  const ks = r.map((_, k) => k);
  row(
    `end ${formatDay(a.calibrationEnd)} (h=${horizonDays})`,
    'x=0',
    ks.filter((k) => r[k].x === 0),
    y,
    bg,
    L,
    T,
    1,
  );
  row(
    '',
    'x≥1',
    ks.filter((k) => r[k].x > 0),
    y,
    bg,
    L,
    T,
    1,
  );
  // x = 0 by tenure: the trees' correction where training saw such customers and where it did not.
  const maxTrainT = lm.cutoffs[0] - Math.min(...seen.map((c) => c.purchases.days[0]));
  console.log(`\noldest tenure at the latest cut-off: ${maxTrainT} d`);
  console.log('| end, x=0, tenure band (d) | n | Σy/ΣBG | mean exp(f) |');
  console.log('|---|---|---|---|');
  const x0 = ks.filter((k) => r[k].x === 0);
  for (const [lo, hi] of [
    [0, 60],
    [60, 90],
    [90, 120],
    [120, 150],
    [150, 200],
    [200, 400],
  ]) {
    const b = x0.filter((k) => T[k] >= lo && T[k] < hi);
    if (!b.length) continue;
    const sy = b.reduce((t, k) => t + y[k], 0);
    const sb = b.reduce((t, k) => t + bg[k], 0);
    const ef = b.reduce((t, k) => t + L[k] / bg[k], 0) / b.length;
    console.log(`| ${lo}–${hi} | ${b.length} | ${(sy / sb).toFixed(3)} | ${ef.toFixed(3)} |`);
  }
  // Repeaters by days since their last purchase, at the latest cut-off and at the end (session 16,
  // second question): where the trees' lift at the end comes from.
  console.log('\n| repeaters, days since last purchase | latest cut-off: n, Σy/(ΣBG·level), mean exp(f) | end: n, Σy/ΣBG, mean exp(f) |');
  console.log('|---|---|---|');
  const band = (
    d: { y: number[]; bg: number[]; pred: number[]; r: { x: number; tx: number; T: number }[] },
    lvl: number,
    lo: number,
    hi: number,
  ) => {
    const b = d.r.flatMap((rr, k) => (rr.x > 0 && (rr.T - rr.tx) * 7 >= lo && (rr.T - rr.tx) * 7 < hi ? [k] : []));
    if (!b.length) return '—';
    const sy = b.reduce((t, k) => t + d.y[k], 0);
    const sb = b.reduce((t, k) => t + d.bg[k], 0);
    const ef = b.reduce((t, k) => t + d.pred[k] / d.bg[k], 0) / b.length;
    return `${b.length}, ${(sy / sb / lvl).toFixed(3)}, ${ef.toFixed(3)}`;
  };
  for (const [lo, hi] of [
    [0, 15],
    [15, 30],
    [30, 60],
    [60, 90],
    [90, 120],
    [120, 400],
  ])
    console.log(
      `| ${lo}–${hi} | ${latest ? band(latest, latest.lvl, lo, hi) : '—'} | ${band({ y, bg, pred: L, r }, 1, lo, hi)} |`,
    );
  return 0;
}

runEvalMain(module, main);
