/**
 * `npm run train:segments [-- --from-data [DIR] | --from-cloud URL [--cloud-data DIR]] [--out DIR] [--seed N] [--quick]`
 *
 * Profiles → features (common/features) → standardise → autoencoder → k-means (K chosen by
 * silhouette + bootstrap stability) vs plain k-means vs RFM → the better model as ONE ONNX graph
 * + meta.json + report.md, with stable segment ids matched against the previous meta.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FEATURE_SPEC, featureSpecHash } from '../../../cloudfunctions/common/inference/feature-spec-hash';
import { fitTransform } from '../../../cloudfunctions/common/segments/transform';
import type { SegmentationMeta } from '../../../cloudfunctions/common/segments/meta';
import { encode, encoderOf, reconstructionMse, trainAutoencoder } from './autoencoder';
import { buildSegments, typicalRaw } from './build-segments';
import { exportSegmenter } from './export-onnx';
import { kmeans } from './kmeans';
import { fromRows } from './matrix';
import { checkParity } from './parity';
import { stage } from './progress';
import { standardiseRows } from './reference';
import { renderReport } from './report';
import { autoencoderEarnsPlace, selectModels } from './select';
import { loadRows, parseArgs } from './train-args';

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const { input, origins, source, hash } = await loadRows(o);
  if (input.length < 50) throw new Error(`only ${input.length} profiles: too few to train a segmentation`);
  const t = fitTransform(input, FEATURE_SPEC.features);
  const rawM = fromRows(input);
  const z = standardiseRows(rawM, t);

  const ae = stage('autoencoder', o.epochs);
  const layers = trainAutoencoder(z, { dims: [z.d, 16, 4, 16, z.d], epochs: o.epochs, batch: 256, lr: 3e-3, seed: o.seed, onEpoch: (e, loss) => ae.update(e, `mse ${loss.toFixed(4)}`) });
  ae.stop();
  const encoder = encoderOf(layers);
  const latent = encode(z, encoder);
  const aeMse = reconstructionMse(z, layers);

  const names = t.names;
  const rfmCols = { recency: names.indexOf('recency_days'), frequency: names.indexOf('frequency_365d'), monetary: names.indexOf('monetary_365d') };
  const sel = stage('select K / compare', 3 * (o.kMax - o.kMin + 1));
  const s = selectModels(z, latent, rawM, rfmCols, o, sel);
  sel.stop();
  const keepAe = autoencoderEarnsPlace(s.bestAe, s.bestPlain);
  const shipped = keepAe ? s.bestAe : s.bestPlain;
  const space = keepAe ? latent : z;

  const fin = stage('final fit', 1);
  const km = kmeans(space, shipped.k, { seed: o.seed + 11, restarts: 8, maxIter: 100 });
  fin.stop();
  const prevPath = path.join(o.out, 'meta.json');
  const prev = fs.existsSync(prevPath) ? (JSON.parse(fs.readFileSync(prevPath, 'utf8')) as SegmentationMeta) : null;
  const { segments, identity } = buildSegments(z, km.labels, shipped.k, t, prev);
  const params = { transform: t, encoder: keepAe ? encoder : [], centroids: km.centroids, ids: segments.map((x) => x.id) };
  const createdAt = new Date().toISOString();
  const version = `seg-${createdAt.slice(0, 16).replace(/[-:T]/g, '')}-${hash.slice(0, 6)}`;
  const bytes = exportSegmenter(params, { version, doc: `Qunxiang segmentation ${version}` });
  const parityMaxAbs = await checkParity(bytes, rawM, params, 2000);

  const meta: SegmentationMeta = {
    name: 'segmentation',
    version,
    createdAt,
    inputs: [{ name: 'features', dtype: 'float32', shape: ['N', names.length] }],
    outputs: [
      { name: 'segment', dtype: 'int64', shape: ['N'] },
      { name: 'distances', dtype: 'float32', shape: ['N', shipped.k] },
      { name: 'latent', dtype: 'float32', shape: ['N', space.d] },
    ],
    featureSpecHash: featureSpecHash(),
    featureNames: names,
    transform: t,
    typical: typicalRaw(t).map((v) => Number(v.toFixed(4))),
    method: keepAe ? 'autoencoder+kmeans' : 'kmeans',
    latentDim: space.d,
    encoder: params.encoder.map((L) => ({ inDim: L.inDim, outDim: L.outDim, w: Array.from(L.w), b: Array.from(L.b), relu: L.relu })),
    centroids: [...Array(km.centroids.n).keys()].map((c) => Array.from(km.centroids.data.subarray(c * space.d, (c + 1) * space.d))),
    segments,
    metrics: { shipped, autoencoder: s.bestAe, plainKmeans: s.bestPlain, rfm: s.rfmAtK(shipped.k), autoencoderKept: keepAe, autoencoderMse: aeMse, parityMaxAbs, perK: { autoencoder: s.ae, plainKmeans: s.plain, rfm: s.rfm } },
    identity,
    data: { source, hash, rows: input.length },
  };
  fs.mkdirSync(o.out, { recursive: true });
  fs.writeFileSync(path.join(o.out, 'model.onnx'), bytes);
  fs.writeFileSync(prevPath, `${JSON.stringify(meta, null, 2)}\n`);
  const report = renderReport({ meta, ae: s.ae, plain: s.plain, rfm: s.rfm, shipped, bestAe: s.bestAe, bestPlain: s.bestPlain, rfmAtK: s.rfmAtK(shipped.k), keepAe, aeMse, parityMaxAbs, selection: o, origins, labels: km.labels });
  fs.writeFileSync(path.join(o.out, 'report.md'), report);
  console.log(report);
  console.log(JSON.stringify({ version, method: meta.method, k: shipped.k, silhouette: shipped.silhouette, stabilityAri: shipped.stabilityAri, identity: meta.identity, out: o.out }));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
