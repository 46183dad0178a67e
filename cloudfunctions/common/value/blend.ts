/**
 * The guard that keeps the learned model from doing worse than BG/NBD on a shop, and the seasonal
 * level: on a back-test inside the shop's own history (value-serving/backtest.ts) the weight w of
 *   scale · learned^w · BG/NBD^(1 − w)  =  scale · BG/NBD · exp(w · the trees' correction)
 * is chosen from a few values by RMSE, and the fitted model predicts with it. The mix is in log
 * space because the learned model IS BG/NBD times exp(trees) (learned.ts): w shrinks the trees'
 * correction instead of averaging two rates, and on the simulated seasonal shop it keeps more of
 * the trees' ranking and loses no RMSE (cyclic-seasonal, 3 seeds each, data seeds 1 / 2: RMSE
 * 0.906× / 0.892× BG/NBD and AUC +0.0086 / +0.0047, against 0.908× / 0.896× and +0.0065 / +0.0026
 * mixed arithmetically; the learned model alone has +0.0116 / +0.0096 — models/value/report.md,
 * "The guard"). Blends stored before the log mix have no `space` and keep mixing
 * arithmetically, `scale · (w · learned + (1 − w) · BG/NBD)`. A shop where the
 * learned correction does not transfer thus gets BG/NBD (w = 0) or a mix, never a learned model
 * that lost its own back-test. When the back-test is the SAME calendar window a year earlier (a
 * shop with the history for it), `scale` also carries how far the procedure missed that window's
 * total — the season BG/NBD and recent training windows cannot see (a Christmas quarter predicted
 * from summer). Otherwise scale = 1. The product's refit and eval:clv both apply it.
 */
import { countMetrics } from './metrics';

/** Weights tried, from BG/NBD alone to the learned model alone. */
export const BLEND_WEIGHTS = [0, 0.25, 0.5, 0.75, 1] as const;
/** Fewer judged customers than this say too little: the learned model is used as it is. */
export const MIN_BLEND_EVIDENCE = 30;
/** Pseudo-count (purchase days) that shrinks the seasonal scale toward 1 on a small shop. */
const SCALE_PRIOR = 10;
/** The seasonal scale stays within [1/3, 3]. */
const SCALE_LIMIT = 3;

/** The chosen blend and the back-test RMSE behind it. */
export interface ValueBlend {
  /** weight of the learned prediction (1 = learned alone, 0 = BG/NBD alone) */
  weight: number;
  /** multiplier of the blend (the same-season back-test's actual ÷ predicted total; else 1) */
  scale: number;
  /** customers judged in the back-test */
  judged: number;
  /** back-test RMSE of the learned model, BG/NBD, and the chosen blend (scale included) */
  rmse: { learned: number; bgnbd: number; blended: number };
  /** 'log': the geometric mix; absent: the arithmetic one (blends stored before the log mix) */
  space?: 'log';
  /**
   * true when the back-test judged BG/NBD alone (its fit was a young shop's: no trees) but the fit
   * that ships has trees: the weight is then 0, so the version predicts what was judged
   * (value-serving/backtest.ts `shippedBlend`); absent otherwise
   */
  untested?: true;
}

/** The part of a blend that makes predictions. */
export type BlendMix = Pick<ValueBlend, 'weight' | 'scale' | 'space'>;

/** The blended expectation (absent blend: the learned model alone). */
export function blendExpected(blend: BlendMix | undefined, learned: number, bgnbd: number): number {
  if (!blend) return learned;
  const w = blend.weight;
  const scale = blend.scale ?? 1;
  if (w === 1) return scale * learned;
  if (blend.space !== 'log') return scale * (w * learned + (1 - w) * bgnbd);
  if (w === 0) return scale * bgnbd;
  // Both are positive for a fitted model (BG/NBD's expectation, times exp(trees)); a zero mixes to zero.
  return learned > 0 && bgnbd > 0 ? scale * Math.exp(w * Math.log(learned) + (1 - w) * Math.log(bgnbd)) : 0;
}

/**
 * Chooses the weight with the lowest back-test RMSE, and when `rescale` whether to scale that
 * blend to the window's total (each weight tried with scale 1 and with its total-matching scale);
 * ties go to the larger weight and to no scaling. With too little evidence the learned model is
 * used as it is, and so it is when `choose` is false (a back-test that says nothing about the
 * fit that ships). The chosen blend is never worse on the back-test than either model alone.
 */
export function chooseBlend(
  learned: readonly number[],
  bgnbd: readonly number[],
  actual: readonly number[],
  o: { rescale?: boolean; choose?: boolean } = {},
): ValueBlend {
  const judged = actual.length;
  const space = 'log' as const;
  const at = (weight: number, scale: number) =>
    countMetrics(
      learned.map((l, i) => blendExpected({ weight, scale, space }, l, bgnbd[i])),
      actual,
    ).rmse;
  const rmse = { learned: at(1, 1), bgnbd: at(0, 1) };
  if (judged < MIN_BLEND_EVIDENCE || o.choose === false)
    return { weight: 1, scale: 1, judged, rmse: { ...rmse, blended: rmse.learned }, space };
  let total = 0;
  for (const a of actual) total += a;
  let best = { weight: 1, scale: 1, rmse: Infinity };
  for (const weight of [...BLEND_WEIGHTS].reverse()) {
    const scales = [1];
    if (o.rescale) {
      let predicted = 0;
      learned.forEach((l, i) => (predicted += blendExpected({ weight, scale: 1, space }, l, bgnbd[i])));
      scales.push(
        Math.min(SCALE_LIMIT, Math.max(1 / SCALE_LIMIT, (total + SCALE_PRIOR) / (predicted + SCALE_PRIOR))),
      );
    }
    for (const scale of scales) {
      const r = at(weight, scale);
      if (r < best.rmse - 1e-12) best = { weight, scale, rmse: r };
    }
  }
  return { weight: best.weight, scale: best.scale, judged, rmse: { ...rmse, blended: best.rmse }, space };
}
