/**
 * The domain-transfer experiments behind the 1.1.0 recipe, as a report section. Figures were
 * measured with scripts/train/sentiment/ood-experiment.ts (commands below) on 2026-11-23; they
 * are recorded here, not recomputed by every training run (the sweep takes ~20 min on 2 cores).
 */

/** [variant, e-commerce val (A), waimai all (A, OOD), 书籍 LOCO (B), 水果 LOCO (C) or ''] in %. */
type Row = [string, string, string, string, string];

const ROWS: Row[] = [
  ['1.0.0 recipe (8 epochs, no pruning)', '94.67', '85.91', '75.55', '91.96'],
  ['minDf 3', '94.69', '85.89', '76.67', ''],
  ['minDf 8', '94.69', '85.93', '77.97', '91.85'],
  ['minDf 20', '94.48', '85.63', '77.48', ''],
  ['topic n-grams (< 3 domains) dropped', '94.22', '85.66', '77.80', ''],
  ['topic n-grams (< 3 domains) × 0.5', '94.62', '86.08', '77.10', ''],
  ['minDf 3 + topic (< 2 domains) dropped', '94.45', '85.83', '77.85', ''],
  ['minDf 8 + topic (< 3 domains) × 0.5', '94.60', '85.85', '78.26', '91.94'],
  ['3 epochs (average from 1)', '94.79', '86.11', '75.98', '92.00'],
  ['learning rate × 0.4', '94.52', '86.17', '73.27', ''],
  ['minDf 8 + 3 epochs', '94.54', '86.16', '77.02', '91.97'],
  ['minDf 5 + 4 epochs', '94.62', '86.08', '77.08', ''],
  ['minDf 8 + topic (< 3) × 0.5 + 3 epochs', '94.29', '86.05', '77.22', ''],
  ['last-clause char 1–2-grams (own namespace)', '94.67', '85.57', '75.92', ''],
  ['last-clause + 3 epochs', '94.67', '85.83', '76.18', ''],
  ['clause after 但/不过/可是/却/只是/就是', '94.62', '86.03', '75.46', ''],
  ['contrast clause + 3 epochs', '94.75', '86.25', '75.72', ''],
  ['contrast clause + minDf 8 + 3 epochs', '94.52', '86.16', '76.73', ''],
  ['domain augmentation (Daumé; shared weights served)', '94.27', '86.22', '75.37', ''],
  ['domain augmentation + 3 epochs', '94.29', '86.34', '75.40', ''],
  ['domain augmentation + minDf 8', '94.22', '86.10', '76.76', ''],
  ['member seeds 21/22: 1.0.0 recipe', '94.67', '86.13', '75.69', ''],
  ['member seeds 21/22: minDf 8', '94.45', '85.89', '78.03', ''],
  ['member seeds 21/22: minDf 8 + 3 epochs', '94.50', '86.20', '77.05', ''],
  ['member seeds 21/22: 3 epochs', '94.71', '86.10', '75.52', ''],
  ['minDf 8 + 5 epochs (average from 2)', '94.62', '86.05', '77.65', ''],
  ['minDf 12 + 3 epochs', '94.54', '86.12', '76.96', ''],
  ['minDf 16 + 4 epochs', '94.52', '85.98', '77.02', ''],
  ['minDf 12 + 5 epochs', '94.75', '85.96', '77.48', ''],
  ['member seeds 21/22: minDf 8 + 5 epochs', '94.50', '85.99', '77.83', '91.91'],
  ['minDf 8 + waimai rows × 2 (domain rebalancing)', '', '', '76.79', '91.89'],
  ['minDf 8 + waimai rows × 3', '', '', '76.41', '91.91'],
  ['minDf 8 + negation window 2', '94.50', '85.90', '77.94', ''],
  ['minDf 8 + negation window 6', '94.67', '86.03', '77.80', ''],
  ['minDf 8 + feature dropout 0.3', '94.58', '85.96', '76.99', ''],
  ['minDf 8 + feature dropout 0.5', '94.54', '86.35', '76.10', ''],
  ['minDf 8 + feature dropout 0.7', '94.39', '86.33', '74.08', ''],
];

/** Markdown section: protocol, table, reading. */
export function transferSection(): string {
  return `## Domain transfer experiments (1.1.0)

Goal: out-of-domain accuracy ≥ 88% without dropping e-commerce validation below 94%. Proxies
(the hotel corpus is held back): **A** train on e-commerce only (the shipped split's training
part) → e-commerce validation (in-domain) and ALL waimai (out-of-domain); **B** e-commerce without
书籍 + waimai → all 书籍; **C** the same without 水果 → all 水果. Member seeds 11/12 unless noted.
\`nice -n 10 npx tsx scripts/train/sentiment/ood-experiment.ts '[{"name":"df8","minDf":8}]' A,B,C\`
(members with \`"dropout":0.5\`, rows with \`"repeatSource":{"waimai":2}\`; featurizer variants: \`SPEC='{"contrastCues":["但","不过"]}'\` or \`'{"finalClauseNgrams":[1,2]}'\`).

| variant | e-com val (A) | waimai all (A) | 书籍 LOCO (B) | 水果 LOCO (C) |
|---|---|---|---|---|
${ROWS.map((r) => `| ${r.join(' | ')} |`).join('\n')}

Reading: nothing moves waimai by more than ~0.4 pp (differences between member seeds are ~0.2 pp),
so **88% on the waimai proxy is not reached**. Its errors are dominated by reviews labelled
negative that read positive ("还不错，速度很快", "味道挺好的") and by the 2:1 class prior (see the
prior-shifted figure above); a model trained IN domain on waimai gets ~90–91%. Pruning rare
buckets (minDf) is the one change with a consistent gain, on the leave-one-category-out proxy
(书籍 +1.5…+2.4 pp over two member seeds), at ≤ 0.2 pp in-domain cost. Topic-n-gram down-weighting,
clause features, domain augmentation, negation-window changes and rebalancing toward waimai cost
in-domain accuracy or gain only inside the noise; feature dropout buys +0.4 pp on waimai but costs
1–4 pp on 书籍.

Chosen for 1.1.0: **minDf 8, members unchanged** (mean over the two member seeds: waimai 85.91%
vs 86.02%, 书籍 78.00% vs 75.62%, e-commerce val 94.57% vs 94.67%) — the best mean of the two
out-of-domain proxies; the 书籍 proxy (trained on two domains, tested on a third) is the one
shaped like the shipped model meeting hotel reviews.
`;
}
