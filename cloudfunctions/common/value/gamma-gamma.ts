/**
 * Gamma–Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): a customer's spend per
 * purchase is gamma(p, ν) around their own mean, and ν is gamma(q, γ) across customers. Fitted
 * on customers with at least one repeat purchase, from the mean spend of their purchase days.
 */
import { nelderMead } from './nelder-mead';
import { lnGamma } from './special';

/** Fitted Gamma–Gamma parameters. */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** One customer's spend summary: number of purchase days and their mean amount. */
export interface SpendSummary {
  x: number;
  meanAmount: number;
}

/** Log-likelihood of one customer's mean spend m over x purchases. */
export function gammaGammaLogLikelihood(g: GammaGammaParams, s: SpendSummary): number {
  const { p, q, gamma } = g;
  const px = p * s.x;
  return (
    lnGamma(px + q) -
    lnGamma(px) -
    lnGamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(s.meanAmount) +
    px * Math.log(s.x) -
    (px + q) * Math.log(gamma + s.meanAmount * s.x)
  );
}

/** Maximum-likelihood fit (log-space Nelder–Mead); null when fewer than 2 usable customers. */
export function fitGammaGamma(ss: readonly SpendSummary[]): GammaGammaParams | null {
  const use = ss.filter((s) => s.x >= 1 && s.meanAmount > 0);
  if (use.length < 2) return null;
  const mean = use.reduce((t, s) => t + s.meanAmount, 0) / use.length;
  const toG = (v: number[]): GammaGammaParams => ({
    p: Math.exp(v[0]),
    q: Math.exp(v[1]),
    gamma: Math.exp(v[2]),
  });
  const ridge = 1e-6 * use.length;
  const f = (v: number[]) => {
    const g = toG(v);
    let s = 0;
    for (const u of use) s += gammaGammaLogLikelihood(g, u);
    return -s + ridge * (v[0] * v[0] + v[1] * v[1]);
  };
  const res = nelderMead(f, [0, Math.log(3), Math.log(mean * 2)], { step: 0.5, maxEvaluations: 3000 });
  return toG(res.x);
}

/**
 * E[spend per purchase | x, m]: a weighted mean of the population mean and the customer's own
 * mean (FHL eq. 5). With q ≤ 1 the population mean does not exist; then the customer's own
 * mean (or, without purchases to go on, null) is the honest answer.
 */
export function expectedSpendPerPurchase(g: GammaGammaParams, s: SpendSummary): number | null {
  const { p, q, gamma } = g;
  if (q <= 1) return s.x > 0 ? s.meanAmount : null;
  return (p * (gamma + s.x * s.meanAmount)) / (p * s.x + q - 1);
}
