/**
 * `tsx scripts/eval/segment-refit-buyers.ts URL [--cloud-data DIR] [--seeds S1,S2,…]`: the shop's
 * segmentation refit's K choice and bootstrap stability on a running local cloud's profiles, fitted
 * on every customer (what the refit did before) and on buyers only (what it does now:
 * segments/non-buyers.ts). Same rows as the refit — the held-back fifth left out by the same
 * openid hash — and the same selection code and settings (REFIT_SELECT), one line per seed and
 * the mean over seeds; the refit's own default seed is printed separately, not averaged in.
 */
import { featuresFromCloud } from '../train/segmentation/profiles-from-cloud';
import { toolCredentials } from '../local-cloud/auth/credentials';
import { combineSelection, prepareRows, rfmColumns, scoreAtK, selectionSample } from '../../cloudfunctions/common/segment-fit';
import { DEFAULT_SEED, REFIT_SELECT, STABILITY_FLOOR } from '../../cloudfunctions/common/segment-refit/config';
import { isHeldOut } from '../../cloudfunctions/common/segment-refit/read-profiles';
import { isBuyerRow } from '../../cloudfunctions/common/segments/non-buyers';

type Figures = { k: number; stabilityAri: number; silhouette: number; rows: number };

/** The refit's selection (select phase) on `rows` for `seed`: the K it picks and that K's figures. */
function selection(rows: number[][], seed: number): Figures {
  const train = prepareRows(rows.map((r) => Float32Array.from(r)));
  const o = { ...REFIT_SELECT, seed };
  const sample = selectionSample(train.z, null, train.raw, rfmColumns(train.transform), o);
  const perK = [];
  for (let k = o.kMin; k <= o.kMax; k++) perK.push(scoreAtK(sample, k, o));
  const best = combineSelection(perK).bestPlain;
  return { k: best.k, stabilityAri: best.stabilityAri, silhouette: best.silhouette, rows: rows.length };
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const url = argv[0];
  if (!url || url.startsWith('--')) throw new Error('usage: segment-refit-buyers.ts URL [--cloud-data DIR] [--seeds 1,2,3]');
  const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const seeds = (opt('--seeds') ?? '1,2,3,4,5').split(',').map(Number);
  const { input, ids } = await featuresFromCloud(url, toolCredentials(opt('--cloud-data')), Date.now());
  const train = input.filter((_, i) => !isHeldOut(ids[i]));
  const sets = { all: train, buyers: train.filter((r) => isBuyerRow(r)) };
  console.log(`profiles ${input.length}; refit training rows: all ${sets.all.length}, buyers ${sets.buyers.length}`);
  for (const [name, rows] of Object.entries(sets)) {
    const d = selection(rows, DEFAULT_SEED);
    console.log(`${name} seed ${DEFAULT_SEED} (the refit's default): K=${d.k} stability=${r3(d.stabilityAri)} silhouette=${r3(d.silhouette)}`);
    const per = seeds.map((s) => selection(rows, s));
    per.forEach((f, i) => console.log(`${name} seed ${seeds[i]}: K=${f.k} stability=${r3(f.stabilityAri)} silhouette=${r3(f.silhouette)}`));
    const mean = (f: (x: Figures) => number) => r3(per.reduce((a, x) => a + f(x), 0) / per.length);
    const pass = per.filter((f) => f.stabilityAri >= STABILITY_FLOOR).length;
    console.log(`${name} mean over ${per.length} seeds: stability=${mean((f) => f.stabilityAri)} silhouette=${mean((f) => f.silhouette)}; stability ≥ ${STABILITY_FLOOR} in ${pass} of ${per.length}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
