/**
 * `refit:segmentation` — the shop's own segmentation, fitted in the cloud on its current profiles
 * by the same code as `npm run train:segments` (common/segment-fit), as a resumable job
 * (common/jobs): every step is a few seconds, checkpointed, so a 60 s function limit, a crash or
 * a kill costs at most one step. Deterministic for the run's seed and data.
 *
 *   read    pages of profiles → features (common/features) → buyers' rows → one artifact per step
 *   select  one K per step: plain k-means + RFM scored on the same sample (K chosen as train does)
 *   fit     one k-means++ restart per step on all training rows, the best kept
 *   publish names, explanations, ids matched to the serving model; ONNX graph built and checked;
 *           held-out evaluation; candidate in the model store
 *   guard   the store's guard: ships only if it beats what serves now on held-back customers
 */
import crypto from 'node:crypto';
import type { Db } from '../db/wx-db';
import { checkSegmentationMeta } from '../inference/segmentation';
import type { JobHandler, StepContext, StepOutcome } from '../jobs';
import type { ModelStore } from '../model-store';
import {
  assign, buildModel, combineSelection, exportSegmenter, fromRows, kmeansRun, qualityOf, rfmColumns, scoreAtK,
  segmentationMeta, segmentationVersion, segmenterParams, selectionSample, type KScores,
} from '../segment-fit';
import type { SegmentationMeta } from '../segments/meta';
import { DEFAULT_SEED, FINAL_RESTARTS, HELD_OUT_SAMPLE, KIND, MIN_CUSTOMERS, REFIT_SELECT } from './config';
import { checkGraph } from './graph-check';
import { heldOutSilhouettes } from './held-out';
import { readIncumbent } from './incumbent';
import { guardCandidate, type PublishedState } from './guard-step';
import { dbProfilePager, readChunk, type ProfilePager, type ReadState } from './read-profiles';
import { loadRefitData } from './refit-data';

/** What the job needs: the database (profiles), the model store, a clock, the shipped meta. */
export interface SegmentRefitEnv {
  db: Db;
  store: ModelStore;
  now(): number;
  /** The bundled models/segmentation/meta.json (null when none is installed). */
  shippedMeta(): SegmentationMeta | null;
  /** Where profiles are read from (default: the `profiles` collection of `db`). */
  pageProfiles?: ProfilePager;
}

/** The run's state between steps (a few KB). */
interface RefitState {
  seed: number;
  read: ReadState;
  perK: KScores[];
  k?: number;
  restart?: number;
  best?: { inertia: number; centroids: number[] } | null;
  published?: PublishedState;
}

const selectOpts = (seed: number) => ({ ...REFIT_SELECT, seed });

function initial(ctx: StepContext): RefitState {
  const s = ctx.run.state as Partial<RefitState>;
  const p = ctx.run.params as { seed?: number; asOf?: number };
  return {
    seed: s.seed ?? p.seed ?? DEFAULT_SEED,
    read: s.read ?? { asOf: p.asOf ?? ctx.run.createdAt, after: '', chunks: 0, rows: 0, heldOut: 0, nonBuyers: 0 },
    perK: s.perK ?? [],
    ...s,
  };
}

async function read(env: SegmentRefitEnv, ctx: StepContext, s: RefitState): Promise<StepOutcome> {
  const r = await readChunk(env.pageProfiles ?? dbProfilePager(env.db), s.read, (n, b) => ctx.putArtifact(n, b), env.now);
  if (!r.done) return { phase: 'read', state: { ...s, read: r.state } };
  const n = r.state.rows;
  if (n < MIN_CUSTOMERS)
    return { done: true, result: { outcome: 'cold_start', customers: n, summary: `本店下过单的客户 ${n} 位，满 ${MIN_CUSTOMERS} 位后才用本店数据训练分群；目前使用默认分群模型` } };
  return { phase: 'select', state: { ...s, read: r.state, perK: [] } };
}

const data = (ctx: StepContext, s: RefitState) => loadRefitData(ctx.run._id, s.read.chunks, (n) => ctx.getArtifact(n));

async function select(ctx: StepContext, s: RefitState): Promise<StepOutcome> {
  const { train } = await data(ctx, s);
  const o = selectOpts(s.seed);
  const k = o.kMin + s.perK.length;
  const sample = selectionSample(train.z, null, train.raw, rfmColumns(train.transform), o);
  const perK = [...s.perK, scoreAtK(sample, k, o)];
  if (k < o.kMax) return { phase: 'select', state: { ...s, perK } };
  return { phase: 'fit', state: { ...s, perK, k: combineSelection(perK).bestPlain.k, restart: 0, best: null } };
}

async function fit(ctx: StepContext, s: RefitState): Promise<StepOutcome> {
  const { train } = await data(ctx, s);
  const r = s.restart ?? 0;
  // seed + 11 as train:segments' final fit; one seed per restart so a resumed run repeats exactly
  const km = kmeansRun(train.z, s.k as number, s.seed + 11 + 1000 * r);
  const best = !s.best || km.inertia < s.best.inertia ? { inertia: km.inertia, centroids: Array.from(km.centroids.data) } : s.best;
  return { phase: r + 1 < FINAL_RESTARTS ? 'fit' : 'publish', state: { ...s, restart: r + 1, best } };
}

async function publish(env: SegmentRefitEnv, ctx: StepContext, s: RefitState): Promise<StepOutcome> {
  const { train, held } = await data(ctx, s);
  const incumbent = await readIncumbent(env.store, env.shippedMeta);
  const k = s.k as number;
  const best = s.best as { centroids: number[] };
  const centroids = fromRows(Array.from({ length: k }, (_, c) => best.centroids.slice(c * train.z.d, (c + 1) * train.z.d)));
  const km = { centroids, ...assign(train.z, centroids) };
  const model = buildModel(train, km, [], incumbent.meta);
  const quality = qualityOf(combineSelection(s.perK), false, null);
  const createdAt = new Date(env.now()).toISOString();
  const hash = crypto.createHash('sha256').update(Buffer.from(train.raw.data.buffer)).digest('hex');
  const rows = s.read.rows;
  const info = { version: segmentationVersion(createdAt, hash), createdAt, data: { source: `shop profiles as of ${new Date(s.read.asOf).toISOString()} (run ${ctx.run._id})`, hash, rows } };
  const draft = segmentationMeta(model, quality, info);
  const heldOut = heldOutSilhouettes(held, train.transform, draft, incumbent.meta, { sample: HELD_OUT_SAMPLE, seed: s.seed });
  const meta = segmentationMeta(model, quality, { ...info, metrics: { heldOut: { ...heldOut, incumbentVersion: incumbent.version }, refitRun: ctx.run._id } });
  checkSegmentationMeta(meta);
  const params = segmenterParams(model);
  const bytes = exportSegmenter(params, { version: meta.version, doc: `Qunxiang segmentation refit ${meta.version}` });
  await checkGraph(bytes, held.n ? held : train.raw, params);
  const c = await env.store.publishCandidate({
    model: 'segmentation',
    files: { 'model.onnx': Buffer.from(bytes), 'meta.json': Buffer.from(`${JSON.stringify(meta)}\n`) },
    dataWindow: { from: new Date(s.read.asOf - 365 * 86_400_000).toISOString(), to: new Date(s.read.asOf).toISOString(), n: rows },
    producedBy: ctx.run._id,
  });
  const published: PublishedState = { version: c.version, incumbentVersion: incumbent.version, heldOut, stabilityAri: quality.shipped.stabilityAri, k, customers: rows, identity: model.identity };
  return { phase: 'guard', state: { ...s, published } };
}

/** The job handler over `env`. */
export function segmentationRefitHandler(env: SegmentRefitEnv): JobHandler {
  return {
    kind: KIND,
    async step(ctx) {
      const s = initial(ctx);
      switch (ctx.run.phase) {
        case 'select':
          return select(ctx, s);
        case 'fit':
          return fit(ctx, s);
        case 'publish':
          return publish(env, ctx, s);
        case 'guard':
          return guardCandidate(env.store, ctx.run.requestedBy, s.published as PublishedState);
        default:
          return read(env, ctx, s);
      }
    },
  };
}
