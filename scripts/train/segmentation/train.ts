/**
 * `npm run train:segments [-- --from-data [DIR] [--source cdnow|taobao|both] | --from-cloud URL [--cloud-data DIR]] [--out DIR] [--seed N] [--quick]`
 * `npm run train:segments -- --names-only [--out DIR]`: only the trained meta's segment names, in
 * today's words (names-only.ts); no data is read and model.onnx is not touched.
 *
 * `--source` (default cdnow): ONE population per model — fitted on the union of two unrelated data
 * sets, segments mostly say which set a row came from. CDNOW is the default because it is the one
 * real shop with purchases over years (every purchase feature varies); see report.md.
 *
 * Profiles → features (common/features) → buyers only (common/segments/non-buyers) → fitSegmentation (common/segment-fit: standardise →
 * autoencoder → k-means with K chosen by silhouette + bootstrap stability vs plain k-means vs RFM,
 * stable segment ids matched against the previous meta.json) → ONE ONNX graph + meta.json + report.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SegmentationMeta } from '../../../cloudfunctions/common/segments/meta';
import { exportSegmenter, fitSegmentation, segmentationMeta, segmentationVersion, segmenterParams } from '../../../cloudfunctions/common/segment-fit';
import { checkParity } from './parity';
import { stage } from './progress';
import { renderReport } from './report';
import { rewriteNames } from './names-only';
import { loadRows, outDir, parseArgs } from './train-args';
import { isBuyerRow } from '../../../cloudfunctions/common/segments/non-buyers';
import { carryPerSourceSection } from '../../eval/segment-report-section';

async function main(): Promise<void> {
  if (process.argv.includes('--names-only')) {
    console.log(JSON.stringify(rewriteNames(outDir(process.argv.slice(2)))));
    return;
  }
  const o = parseArgs(process.argv.slice(2));
  const loaded = await loadRows(o);
  const { source, hash } = loaded;
  // The model decides among buyers only: customers without an order are the fixed non-buyer group
  // (segments/non-buyers.ts), by the same predicate the segment pass and the shop's refit use.
  const keep = loaded.input.map((r) => isBuyerRow(r));
  const input = loaded.input.filter((_, i) => keep[i]);
  const origins = loaded.origins.filter((_, i) => keep[i]);
  console.log(`rows: ${input.length} buyers kept, ${loaded.input.length - input.length} without an order left out`);
  if (input.length < 50) throw new Error(`only ${input.length} profiles: too few to train a segmentation`);
  const prevPath = path.join(o.out, 'meta.json');
  const prev = fs.existsSync(prevPath) ? (JSON.parse(fs.readFileSync(prevPath, 'utf8')) as SegmentationMeta) : null;

  const ae = stage('autoencoder', o.epochs);
  let sel: ReturnType<typeof stage> | null = null;
  const fit = fitSegmentation(input, {
    ...o,
    previous: prev,
    autoencoder: { epochs: o.epochs, onEpoch: (e, loss) => ae.update(e, `mse ${loss.toFixed(4)}`) },
    progress: {
      update: (done, note) => {
        if (!sel) {
          ae.stop();
          sel = stage('select K / compare', 3 * (o.kMax - o.kMin + 1));
        }
        sel.update(done, note);
      },
    },
  });
  (sel as ReturnType<typeof stage> | null)?.stop();
  const { model, quality: q } = fit;
  if (!q.autoencoder || q.autoencoderMse === null) throw new Error('the autoencoder was not trained');

  const createdAt = new Date().toISOString();
  const version = segmentationVersion(createdAt, hash);
  const params = segmenterParams(model);
  const bytes = exportSegmenter(params, { version, doc: `Qunxiang segmentation ${version}` });
  const parityMaxAbs = await checkParity(bytes, fit.raw, params, 2000);
  const meta = segmentationMeta(model, q, { version, createdAt, data: { source, hash, rows: input.length }, metrics: { parityMaxAbs } });

  fs.mkdirSync(o.out, { recursive: true });
  fs.writeFileSync(path.join(o.out, 'model.onnx'), bytes);
  fs.writeFileSync(prevPath, `${JSON.stringify(meta, null, 2)}\n`);
  const keepAe = q.autoencoderKept;
  const { perK } = q;
  const reportPath = path.join(o.out, 'report.md');
  const old = fs.existsSync(reportPath) ? fs.readFileSync(reportPath, 'utf8') : null;
  // the per-source section is measured by eval:segment-sources, not by training: carry it over
  const report = carryPerSourceSection(old, renderReport({ meta, ae: perK.autoencoder, plain: perK.plainKmeans, rfm: perK.rfm, shipped: q.shipped, bestAe: q.autoencoder, bestPlain: q.plainKmeans, rfmAtK: q.rfm, keepAe, aeMse: q.autoencoderMse, parityMaxAbs, selection: o, origins, labels: fit.labels }));
  fs.writeFileSync(reportPath, report);
  console.log(report);
  console.log(JSON.stringify({ version, method: meta.method, k: q.shipped.k, silhouette: q.shipped.silhouette, stabilityAri: q.shipped.stabilityAri, identity: meta.identity, out: o.out }));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
