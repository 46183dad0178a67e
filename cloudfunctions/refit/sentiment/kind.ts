/**
 * `refit:sentiment`: adapts the shipped sentiment model to the shop's rated reviews and publishes
 * it through the model store's guard (common/sentiment-adapt). Three resumable phases, each step
 * a few seconds at the 20,000-review cap: `read` (pages of review events into artifacts), `adapt`
 * (fit + the adaptation's own guard; the graph into an artifact), `publish` (candidate + the
 * store's guard against whatever serves now). A retry repeats only the failed phase.
 */
import type { JobHandler, StepContext, StepOutcome } from '../../common/jobs';
import { readShippedSentiment } from '../../common/inference/sentiment-shipped';
import {
  adaptShopSentiment,
  MAX_REFIT_REVIEWS,
  MAX_REVIEWS_PER_CUSTOMER,
  publishShopSentiment,
  ratedReviews,
  ratingLabel,
  reviewCustomer,
  type AdaptedSentiment,
} from '../../common/sentiment-adapt';
import type { RefitEnv, RefitKind } from '../types';
import { readCursor, readState, storedCursor, type ReadState } from './read-state';
import { reviewPage, type ReviewRow } from './reviews';
import { sentimentSchedule } from './schedule';
import { refitSummary } from './summary';

/**
 * Events asked per page. The cloud may answer fewer a query (1,000 by the current reference, 100
 * by the older guide and developers' measurements): reviewPage fills the page from as many answers
 * as it takes, each after the last event answered.
 */
const PAGE = 1000;
/**
 * Events a step scans (one artifact each step). Counted in events, not queries: under the 100
 * reading a step of five queries scanned 500, so a full read took ten times the steps and
 * artifacts, each step re-reading every artifact before it.
 */
const STEP_SCAN = 5 * PAGE;
/**
 * Review events a read may scan for its {@link MAX_REFIT_REVIEWS} rated reviews. The per-customer
 * cap is applied while reading, not after: one client writing 20,000 reviews used to fill the
 * whole window, leave ~50 after the cap, and so stop every refit of the shop.
 */
const MAX_REFIT_SCAN = 5 * MAX_REFIT_REVIEWS;

async function read(env: RefitEnv, ctx: StepContext, s: ReadState): Promise<StepOutcome> {
  // What earlier steps kept (their artifacts): the per-customer counts go on from there.
  const seen = new Set<string>();
  const perCustomer = new Map<string, number>();
  const keep = (r: ReviewRow): boolean => {
    if (seen.has(r.key) || ratingLabel(r.rating) === null || !r.text.trim()) return false;
    const customer = reviewCustomer(r.key);
    const n = perCustomer.get(customer) ?? 0;
    if (n >= MAX_REVIEWS_PER_CUSTOMER) return false;
    seen.add(r.key);
    perCustomer.set(customer, n + 1);
    return true;
  };
  for (let i = 0; i < s.parts; i++)
    for (const r of JSON.parse((await ctx.getArtifact(`reviews-${i}.json`)).toString('utf8')) as ReviewRow[]) keep(r);
  const rows: ReviewRow[] = [];
  let { read } = s;
  let cursor = s.read ? readCursor(ctx.run) : undefined;
  let end = false;
  // Also stops when the call's budget is spent (after at least one page): a step's queries are
  // its long part, and a step that scans on past the budget can take the call past its 60 s
  // limit (one scan of 5,000 events took 41 s at load 10 against the local cloud).
  while (!end && read - s.read < STEP_SCAN && (read === s.read || ctx.timeLeft() > 0)) {
    const page = await reviewPage(env.db, s.until, cursor, PAGE);
    for (const r of page.rows) if (seen.size < MAX_REFIT_REVIEWS && keep(r)) rows.push(r);
    read += page.scanned;
    cursor = page.next ?? cursor;
    end = page.last || seen.size >= MAX_REFIT_REVIEWS || read >= MAX_REFIT_SCAN;
  }
  let parts = s.parts;
  if (rows.length) await ctx.putArtifact(`reviews-${parts++}.json`, Buffer.from(JSON.stringify(rows)));
  return { phase: end ? 'adapt' : 'read', cursor: end || !cursor ? null : storedCursor(cursor), state: { ...s, read, parts } };
}

async function adapt(env: RefitEnv, ctx: StepContext, s: ReadState): Promise<StepOutcome> {
  // Keyed by event id, as read's `seen` keeps them: a review is fitted once.
  const byKey = new Map<string, ReviewRow>();
  for (let i = 0; i < s.parts; i++)
    for (const r of JSON.parse((await ctx.getArtifact(`reviews-${i}.json`)).toString('utf8')) as ReviewRow[])
      byKey.set(r.key, r);
  const a = adaptShopSentiment(ratedReviews([...byKey.values()]), readShippedSentiment(), new Date(env.now()));
  if (!a.onnx) {
    const r = await publishShopSentiment(env, a, ctx.run.requestedBy, new Date(env.now()));
    return { done: true, result: { ...r, summary: refitSummary(r) } };
  }
  await ctx.putArtifact('model.onnx', a.onnx);
  await ctx.putArtifact('adapted.json', Buffer.from(JSON.stringify({ summary: a.summary, meta: a.meta, held: a.held })));
  return { phase: 'publish', state: { ...s, adapted: a.summary } };
}

async function publish(env: RefitEnv, ctx: StepContext): Promise<StepOutcome> {
  const rest = JSON.parse((await ctx.getArtifact('adapted.json')).toString('utf8')) as Omit<AdaptedSentiment, 'onnx'>;
  const a: AdaptedSentiment = { ...rest, onnx: await ctx.getArtifact('model.onnx') };
  const r = await publishShopSentiment(env, a, ctx.run.requestedBy, new Date(env.now()));
  return { done: true, result: { ...r, summary: refitSummary(r) } };
}

function handler(env: RefitEnv): JobHandler {
  return {
    kind: 'refit:sentiment',
    async step(ctx) {
      const state = readState(ctx.run, env.now());
      if (state.restarted && !state.read && !ctx.run.state.restarted)
        console.warn(`${ctx.run._id}: read phase restarted (${state.restarted.reason}: ${state.restarted.read} events read by the skip reader)`);
      if (ctx.run.phase === 'adapt') return adapt(env, ctx, state);
      if (ctx.run.phase === 'publish') return publish(env, ctx);
      return read(env, ctx, state);
    },
  };
}

/** The kind as kinds.ts registers it. */
export const sentimentRefit: RefitKind = { kind: 'refit:sentiment', handler, schedule: sentimentSchedule };
