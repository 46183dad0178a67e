/**
 * The sentiment refit (timer + staff request): read the shop's rated reviews, adapt the SHIPPED
 * base model to them (buildShopSentimentModel: fit + guard against the base), and when that
 * passes publish the adapted graph as a candidate in the model store and let the store's guard
 * judge it against whatever serves now (the base, or an earlier adapted version) on the same
 * held-back reviews. The store's pointer is what the registry serves; rollback is the store's.
 * Ratings → labels: 1–2 stars negative, 4–5 positive, 3 left out (neither).
 */
import { createHash } from 'node:crypto';
import { ensembleFromOnnx, ensembleProbability, binaryMetrics } from '../sentiment-model';
import { SHIPPED, type ModelStore, type ModelFiles } from '../model-store';
import { featurizeReview } from '../text';
import { ADAPT_POLICY, guardRule } from './adapt';
import { buildShopSentimentModel, type ShopRatedReview } from './shop-model';

/** Most recent rated reviews a refit reads (bounds the 60 s call; ~2 s of fitting at this size). */
export const MAX_REFIT_REVIEWS = 20000;

/**
 * Most reviews of one customer a refit takes (the newest). The refit fits AND judges on the shop's
 * newest reviews, so without a cap one modified client writing hundreds of reviews with inverted
 * stars would be most of both, and its model would pass the guard and serve everyone. A person
 * writes one review per product bought; heavy buyers stay under the cap.
 */
export const MAX_REVIEWS_PER_CUSTOMER = 50;

/** Rating (1–5 stars) → label; 3 stars is neither. */
export function ratingLabel(rating: number): 0 | 1 | null {
  if (rating <= 2) return 0;
  if (rating >= 4) return 1;
  return null;
}

/** What the refit needs. */
export interface SentimentRefitPorts {
  /** The shop's review_submit events as {key: event id, text, rating}, at most `limit`, newest first. */
  reviews(limit: number): Promise<{ key: string; text: string; rating: number }[]>;
  /** The shipped base model (models/sentiment): graph bytes and meta.json. */
  base(): Promise<{ onnx: Buffer; meta: Record<string, unknown> }>;
  store: ModelStore;
  files: Pick<ModelFiles, 'download'>;
}

/** The refit's result (returned to staff, recorded by the job). */
export interface SentimentRefitResult {
  rated: number;
  adapted: boolean;
  reason: string;
  promoted: boolean;
  serving: string;
  version?: string;
  /** Balanced accuracies on the held-back reviews, and how many of each class those were. */
  guard?: { base: number; adapted: number; heldOut: number; negatives: number; positives: number };
}

/** The adaptation half of a refit, ready to publish (a job keeps it between its steps). */
export interface AdaptedSentiment {
  summary: Pick<SentimentRefitResult, 'rated' | 'adapted' | 'reason' | 'guard'>;
  /** The adapted graph and its meta.json; only when the adaptation passed its own guard. */
  onnx?: Buffer;
  meta?: Record<string, unknown>;
  /** The held-back reviews the guard scored (the incumbent is scored on the same ones). */
  held: { text: string; label: 0 | 1 }[];
}

/** The customer of a review row: its key is the event id `${openid}:${eventId}`. */
export const reviewCustomer = (key: string): string => (key.includes(':') ? key.slice(0, key.indexOf(':')) : key);

/** Review events (newest first) → labelled reviews (3 stars and empty texts left out), at most {@link MAX_REVIEWS_PER_CUSTOMER} per customer. */
export function ratedReviews(raw: readonly { key: string; text: string; rating: number }[]): ShopRatedReview[] {
  const rated: ShopRatedReview[] = [];
  const perCustomer = new Map<string, number>();
  for (const r of raw) {
    const label = ratingLabel(r.rating);
    if (label === null || !r.text.trim()) continue;
    // raw is newest first, so the newest are kept.
    const customer = reviewCustomer(r.key);
    const n = perCustomer.get(customer) ?? 0;
    if (n >= MAX_REVIEWS_PER_CUSTOMER) continue;
    perCustomer.set(customer, n + 1);
    rated.push({ key: r.key, text: r.text, label });
  }
  return rated;
}

/** Adapts the shipped base to the shop's rated reviews (pure; the costly half of a refit). */
export function adaptShopSentiment(
  rated: readonly ShopRatedReview[],
  base: { onnx: Buffer; meta: Record<string, unknown> },
  now: Date,
): AdaptedSentiment {
  const shop = buildShopSentimentModel(base.onnx, rated);
  const o = shop.outcome;
  const summary = {
    rated: rated.length,
    adapted: o.adapted,
    reason: o.reason as string,
    ...(o.guard
      ? {
          guard: {
            base: o.guard.base.balanced_accuracy,
            adapted: o.guard.adapted.balanced_accuracy,
            heldOut: o.nHoldout,
            negatives: o.guard.negatives,
            positives: o.guard.positives,
          },
        }
      : {}),
  };
  if (!o.adapted || !shop.onnx) return { summary, held: [] };
  const held = (o.heldIndex ?? []).map((i) => ({ text: rated[i].text, label: rated[i].label }));
  const onnx = Buffer.from(shop.onnx);
  const meta = {
    ...base.meta,
    modelBytes: onnx.length,
    modelSha256: createHash('sha256').update(onnx).digest('hex'),
    adaptedFrom: shop.baseSha256,
    adaptation: { n: o.n, nFit: o.nFit, nHoldout: o.nHoldout, correction: o.correction, policy: ADAPT_POLICY },
    metrics: { holdout: { base: o.guard!.base, adapted: o.guard!.adapted } },
    trainedAt: now.toISOString(),
  };
  return { summary, onnx, meta, held };
}

/**
 * Publishes an adapted model as a candidate and lets the store's guard judge it against whatever
 * serves now (the base, or an earlier adapted version scored on the same held-back reviews).
 */
export async function publishShopSentiment(
  ports: Pick<SentimentRefitPorts, 'store' | 'files'>,
  a: AdaptedSentiment,
  by: string,
  now: Date,
): Promise<SentimentRefitResult> {
  const state = await ports.store.state('sentiment');
  const serving = state.pointer?.serving ?? SHIPPED;
  if (!a.summary.adapted || !a.onnx || !a.meta) return { ...a.summary, promoted: false, serving };
  let incumbentBa = a.summary.guard!.base;
  if (serving !== SHIPPED && state.serving) {
    const file = state.serving.files.find((f) => f.name === 'model.onnx');
    if (file) {
      const incumbent = ensembleFromOnnx(await ports.files.download(file.fileID));
      incumbentBa = binaryMetrics(
        a.held.map((r) => ensembleProbability(incumbent, featurizeReview(r.text))),
        a.held.map((r) => r.label),
      ).balanced_accuracy;
    }
  }
  const candidate = await ports.store.publishCandidate({
    model: 'sentiment',
    files: { 'model.onnx': a.onnx, 'meta.json': Buffer.from(JSON.stringify(a.meta)) },
    dataWindow: { from: 'all', to: now.toISOString(), n: a.summary.rated },
    producedBy: `sentiment-refit (${by})`,
  });
  const verdict = await ports.store.guard({
    model: 'sentiment',
    version: candidate.version,
    evaluation: {
      metric: 'balanced_accuracy',
      candidate: a.summary.guard!.adapted,
      incumbent: incumbentBa,
      heldOut: a.held.length,
      incumbentVersion: serving,
    },
    rule: guardRule(ADAPT_POLICY),
    by,
  });
  return {
    ...a.summary,
    guard: { ...a.summary.guard!, base: incumbentBa },
    promoted: verdict.promoted,
    serving: verdict.serving,
    version: candidate.version,
    reason: verdict.promoted ? 'promoted' : `store guard: ${verdict.evaluation.reason}`,
  };
}

/** Runs one refit in one go (eval commands, tests; the job runs the halves as separate steps). */
export async function runSentimentRefit(ports: SentimentRefitPorts, by: string, now: Date): Promise<SentimentRefitResult> {
  const rated = ratedReviews(await ports.reviews(MAX_REFIT_REVIEWS));
  return publishShopSentiment(ports, adaptShopSentiment(rated, await ports.base(), now), by, now);
}
