/** The human-readable quality report models/segmentation/report.md. */
import { currentSegmentName } from '../../../cloudfunctions/common/segments/display-name';
import type { SegmentationMeta } from '../../../cloudfunctions/common/segments/meta';
import { storedExplanation } from '../../../cloudfunctions/common/segments/stored-explanation';
import type { MethodScore } from '../../../cloudfunctions/common/segment-fit';

const f = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : '–');
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function row(name: string, s: MethodScore): string {
  return `| ${name} | ${s.k} | ${f(s.silhouette)} | ${f(s.silhouetteOwnSpace)} | ${f(s.daviesBouldin)} | ${f(s.stabilityAri)} | ${pct(s.minShare)} / ${pct(s.maxShare)} | ${f(s.balanceEntropy, 2)} |`;
}

/** Everything the report needs. */
export interface ReportInput {
  meta: SegmentationMeta;
  ae: MethodScore[];
  plain: MethodScore[];
  rfm: MethodScore[];
  shipped: MethodScore;
  bestAe: MethodScore;
  bestPlain: MethodScore;
  rfmAtK: MethodScore;
  keepAe: boolean;
  aeMse: number;
  parityMaxAbs: number;
  selection: { fitSample: number; evalSample: number; bootstraps: number };
  /** origin of each training row (taobao/cdnow/cloud) and its final cluster index */
  origins: string[];
  labels: ArrayLike<number>;
}

/** "cdnow 97% · taobao 3%" for cluster index `c`. */
function originMix(r: ReportInput, c: number): string {
  const n = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < r.labels.length; i++) {
    if (r.labels[i] !== c) continue;
    n.set(r.origins[i], (n.get(r.origins[i]) ?? 0) + 1);
    total++;
  }
  return [...n].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v / total < 0.005 ? '<1' : Math.round((100 * v) / total)}%`).join(' · ');
}

/** Why the training rows are one population, and what features constant in it mean for scoring. */
function populationNote(r: ReportInput): string {
  const kinds = [...new Set(r.origins)];
  const constant = r.meta.featureNames.filter((_, j) => r.meta.transform.std[j] === 1);
  const one = kinds.length === 1
    ? `Fitted on ONE population (${kinds[0]}). A shop has one population: fitted on the union of two unrelated data sets, the previous model's segments mostly said which set a row came from (segments 100% Taobao or 100% CDNOW). CDNOW is the default (\`--source\`) because it is the one real shop whose customers buy over years, so every purchase feature varies; the Taobao sample spans 9 days and has no prices, the demo shop replays both sets together.`
    : `Fitted on ${kinds.join(' + ')} together: segments may encode which data set a row came from (see "rows from") — not a model to ship.`;
  const flat = constant.length
    ? ` Constant in these rows: ${constant.join(', ')} — every centroid has the same value there, so they move no customer's assignment and give no reasons; a shop's own refit (refit:segmentation) learns segments on them once it has enough customers.`
    : '';
  return `## Training population\n\n${one}${flat}\n`;
}

/** Markdown text of the report. */
export function renderReport(r: ReportInput): string {
  const m = r.meta;
  const head = '| method | K | silhouette (std. features) | silhouette (own space) | Davies–Bouldin | stability ARI | smallest / largest | balance entropy |\n|---|---|---|---|---|---|---|---|';
  // Names and explanations as the product says them (分群 page), not as the fit stored them.
  const segs = m.segments.map((s) => `| ${s.id} | ${currentSegmentName(s.name)} | ${s.size} (${pct(s.share)}) | ${originMix(r, s.index)} | ${storedExplanation(m, s)} |`).join('\n');
  const id = m.identity;
  return `# Segmentation model ${m.version}

Trained ${m.createdAt} from ${m.data.source} (${m.data.rows} profiles, data sha256 ${m.data.hash.slice(0, 16)}…).
Input: ${m.featureNames.length} features of models/feature-spec.json (hash ${m.featureSpecHash.slice(0, 16)}…),
from \`computeFeatures(profile, asOf)\` (common/features) → standardise → ${r.keepAe ? 'encoder' : '(no encoder)'} → nearest centroid.

## Decision

Shipped: **${m.method}**, K = **${m.segments.length}**. ${
    r.keepAe
      ? 'The autoencoder earned its place: at the chosen K it beats plain k-means on the common-space silhouette without losing stability.'
      : 'The autoencoder did NOT earn its place (rule: +0.02 silhouette in the common space without losing > 0.05 stability, or as good and ≥ 0.05 more stable), so plain k-means on the standardised features ships; the graph skips the encoder and its `latent` output is the standardised feature vector.'
  }
Autoencoder reconstruction MSE (standardised units): ${f(r.aeMse, 4)}. ONNX vs TypeScript reference, max |Δ| on distances/latent: ${r.parityMaxAbs.toExponential(2)}.

${populationNote(r)}
## Side by side at each method's chosen K

All silhouettes and Davies–Bouldin indices are computed in the same space (standardised
features), so methods compare fairly; "own space" is the space the method clustered in.
Stability = mean adjusted Rand index between the full fit and ${r.selection.bootstraps} refits on 80% subsamples with other seeds.
Selection ran on a seeded subsample of ${r.selection.fitSample} profiles (silhouette on ${r.selection.evalSample}).

${head}
${row('autoencoder + k-means', r.bestAe)}
${row('k-means on standardised features', r.bestPlain)}
${row(`RFM quantile segments (K=${r.rfmAtK.k})`, r.rfmAtK)}

Reading the table: RFM quantile segments use only recency, frequency and money, so their
silhouette in the full feature space is low by construction — they are the spreadsheet
baseline a merchant would otherwise use; their stability is high because quantile cuts barely
move between subsamples (ties can leave a quantile group empty: smallest 0.0%). Small segments
are kept when they are real groups; the "rows from" column below shows where each segment's
training profiles came from (the Taobao sample is the only source with browse/cart/favourite events).

## Choice of K (K with stability ≥ 0.8 and every segment ≥ 0.1%, best silhouette)

${head}
${r.ae.map((s) => row('autoencoder + k-means', s)).join('\n')}
${r.plain.map((s) => row('k-means', s)).join('\n')}
${r.rfm.map((s) => row('RFM quantiles', s)).join('\n')}

## Segments

| id | name | size | rows from | explanation |
|---|---|---|---|---|
${segs}

Names come from rules on each centroid's z-scores against the population (common/segments/naming.ts), not by hand.

## Identity vs previous model

Previous: ${id.previousVersion ?? 'none (first model)'}. Kept: ${id.kept.join(', ') || '–'}. Renamed: ${id.renamed.map((x) => `${x.id} ${x.from} → ${x.to}`).join('; ') || '–'}. New: ${id.added.join(', ') || '–'}. Retired: ${id.retired.join(', ') || '–'}.
`;
}
