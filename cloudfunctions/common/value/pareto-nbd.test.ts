import fc from 'fast-check';
import { gammaVariate, mulberry32 } from '../random';
import { decodeNelderMead, encodeNelderMead } from './nelder-mead';
import {
  fitParetoNbd,
  paretoNbdMle,
  lnGoneIntegral,
  paretoNbdExpected,
  paretoNbdLogLikelihood,
  paretoNbdPAlive,
  paretoNbdTotalLogLikelihood,
  type ParetoNbdParams,
} from './pareto-nbd';
import { lnGamma } from './special';

/** Fader & Hardie's estimates on the 2,357-customer CDNOW sample (the note's worked example). */
const FH: ParetoNbdParams = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };

/** ∫ f over [a, b] by composite Simpson (n even). */
function simpson(f: (t: number) => number, a: number, b: number, n = 4000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/**
 * The likelihood from its definition, without the hypergeometric function: alive at T, plus
 * dropping out at τ ∈ (t_x, T], integrating λ and μ out under the integral sign:
 * Γ(r+x)α^r/Γ(r) · [β^s (α+T)^−(r+x) (β+T)^−s + s β^s ∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ].
 */
function byQuadrature(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const pre = Math.exp(lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta));
  const alive = Math.pow(alpha + T, -(r + x)) * Math.pow(beta + T, -s);
  const gone = s * simpson((t) => Math.pow(alpha + t, -(r + x)) * Math.pow(beta + t, -(s + 1)), tx, T);
  return pre * (alive + gone);
}

describe('Pareto/NBD likelihood (values computed by hand)', () => {
  it('x = 0, T = 1, all parameters 1: L = 1/4 + ∫₀¹ (1+τ)⁻³ dτ = 5/8', () => {
    const ones = { r: 1, alpha: 1, s: 1, beta: 1 };
    expect(paretoNbdLogLikelihood(ones, { x: 0, tx: 0, T: 1 })).toBeCloseTo(Math.log(5 / 8), 12);
  });
  // ∫₁² (2+τ)⁻²(1+τ)⁻² dτ = 1/4 + 6 ln 2 − 4 ln 3 by partial fractions; r + x = s + 1 = 2, so
  // swapping α and β swaps the two hypergeometric cases and leaves the integral alone.
  const gone = 0.25 + 6 * Math.log(2) - 4 * Math.log(3);
  it('α > β: r = 1, α = 2, s = 1, β = 1, x = 1, t_x = 1, T = 2: L = 2·(1/48 + …)', () => {
    const p = { r: 1, alpha: 2, s: 1, beta: 1 };
    expect(paretoNbdLogLikelihood(p, { x: 1, tx: 1, T: 2 })).toBeCloseTo(Math.log(2 * (1 / 48 + gone)), 12);
  });
  it('α < β: r = 1, α = 1, s = 1, β = 2, x = 1, t_x = 1, T = 2: L = 2·(1/36 + …)', () => {
    const p = { r: 1, alpha: 1, s: 1, beta: 2 };
    expect(paretoNbdLogLikelihood(p, { x: 1, tx: 1, T: 2 })).toBeCloseTo(Math.log(2 * (1 / 36 + gone)), 12);
  });
  it('equals the integral of its definition in both cases, light and heavy buyers', () => {
    const cases: [ParetoNbdParams, number, number, number][] = [
      [FH, 0, 0, 38.9],
      [FH, 2, 30.43, 38.86],
      [FH, 25, 37, 39],
      [{ ...FH, alpha: 3, beta: 40 }, 4, 10, 35],
      [{ r: 2.5, alpha: 40, s: 3, beta: 2 }, 7, 5, 30],
    ];
    for (const [p, x, tx, T] of cases)
      expect(paretoNbdLogLikelihood(p, { x, tx, T })).toBeCloseTo(Math.log(byQuadrature(p, x, tx, T)), 7);
  });
  it('the folded total equals the sum of single customers', () => {
    const cs = [
      { x: 0, tx: 0, T: 5 },
      { x: 3, tx: 2, T: 5 },
      { x: 3, tx: 2, T: 5 },
      { x: 3, tx: 4, T: 6 },
    ];
    const sum = cs.reduce((s, c) => s + paretoNbdLogLikelihood(FH, c), 0);
    expect(paretoNbdTotalLogLikelihood(FH, cs)).toBeCloseTo(sum, 10);
  });
});

describe('Pareto/NBD: the quadrature that takes over from the series when z > 0.9', () => {
  /** ln ∫ by the two series (the path for z ≤ 0.9), from the likelihood's own parts */
  const bySeries = (p: ParetoNbdParams, x: number, tx: number, T: number) => {
    const { r, alpha, s, beta } = p;
    const pre = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const ll = paretoNbdLogLikelihood(p, { x, tx, T }) - pre; // = ln(e^alive + s·∫)
    return Math.log(-Math.expm1(alive - ll)) + ll - Math.log(s);
  };
  it('equals the series wherever the series is used (random parameters, light to heavy buyers)', () => {
    fc.assert(
      fc.property(
        fc.record({
          r: fc.double({ min: 0.05, max: 20, noNaN: true }),
          alpha: fc.double({ min: 0.1, max: 300, noNaN: true }),
          s: fc.double({ min: 0.05, max: 300, noNaN: true }),
          beta: fc.double({ min: 0.1, max: 300, noNaN: true }),
        }),
        fc.integer({ min: 0, max: 400 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0.5, max: 400, noNaN: true }),
        (p, x, f, T) => {
          const tx = x === 0 ? 0 : f * T;
          const z = Math.abs(p.alpha - p.beta) / (Math.max(p.alpha, p.beta) + tx);
          if (z > 0.9) return true;
          const want = bySeries(p, x, tx, T);
          // where the alive part swamps the rest, the series' difference has no digits left
          if (!Number.isFinite(want) || want < Math.log(Number.EPSILON) * 4) return true;
          return Math.abs(lnGoneIntegral(p, x, tx, T) - want) < 1e-8;
        },
      ),
      { numRuns: 500 },
    );
  });
  it('equals Simpson on the integral where z → 1 (one dropout rate for nearly everyone)', () => {
    const cases: [ParetoNbdParams, number, number, number][] = [
      [{ r: 0.49, alpha: 12.1, s: 168, beta: 11811 }, 0, 0, 70],
      [{ r: 0.49, alpha: 12.1, s: 168, beta: 11811 }, 30, 60, 70],
      [{ r: 2, alpha: 500, s: 0.7, beta: 0.5 }, 3, 2, 50],
      [{ r: 0.3, alpha: 0.2, s: 5e4, beta: 4e6 }, 250, 39, 40],
    ];
    for (const [p, x, tx, T] of cases) {
      const { r, alpha, s, beta } = p;
      // in units of the integrand at t_x, so huge exponents do not underflow
      const ln = (t: number) => -(r + x) * Math.log(alpha + t) - (s + 1) * Math.log(beta + t);
      const quad = simpson((t) => Math.exp(ln(t) - ln(tx)), tx, T, 200_000);
      expect(lnGoneIntegral(p, x, tx, T)).toBeCloseTo(ln(tx) + Math.log(quad), 6);
    }
  });
});

describe('Pareto/NBD limits', () => {
  it('β → ∞ (nobody drops out): the NBD likelihood and E[Y(t)] = (r+x) t / (α+T)', () => {
    const p = { r: 0.8, alpha: 6, s: 1.5, beta: 1e12 };
    const c = { x: 3, tx: 20, T: 30 };
    const nbd = lnGamma(3.8) - lnGamma(0.8) + 0.8 * Math.log(6) - 3.8 * Math.log(36);
    expect(paretoNbdLogLikelihood(p, c)).toBeCloseTo(nbd, 6);
    expect(paretoNbdPAlive(p, c)).toBeCloseTo(1, 9);
    expect(paretoNbdExpected(p, c, 13)).toBeCloseTo((3.8 * 13) / 36, 6);
  });
  it('s → ∞ with s/β = μ: one dropout rate μ for everyone (lifetimes exponential(μ))', () => {
    // s = 10⁶: the dropout rate's spread is 0.1 % of μ
    const mu = 0.05;
    const s = 1e6;
    const p = { r: 0.8, alpha: 6, s, beta: s / mu };
    const c = { x: 2, tx: 12, T: 30 };
    const { r, alpha } = p;
    const pre = Math.exp(lnGamma(r + 2) - lnGamma(r) + r * Math.log(alpha));
    const alive = Math.exp(-mu * 30) * Math.pow(alpha + 30, -(r + 2));
    const gone = mu * simpson((t) => Math.exp(-mu * t) * Math.pow(alpha + t, -(r + 2)), 12, 30);
    expect(paretoNbdLogLikelihood(p, c)).toBeCloseTo(Math.log(pre * (alive + gone)), 5);
    expect(paretoNbdPAlive(p, c)).toBeCloseTo(alive / (alive + gone), 5);
    // alive at T, the expected purchases in t weeks are (r+x)/(α+T) · (1 − e^(−μt))/μ
    const t = 20;
    expect(paretoNbdExpected(p, c, t)).toBeCloseTo(
      (alive / (alive + gone)) * ((r + 2) / (alpha + 30)) * (-Math.expm1(-mu * t) / mu),
      5,
    );
  });
  it('E[Y(t)] is continuous through s = 1 (its removable singularity)', () => {
    const c = { x: 4, tx: 20, T: 30 };
    const at = (s: number) => paretoNbdExpected({ ...FH, s }, c, 39);
    expect(at(1)).toBeCloseTo(at(1 + 1e-7), 6);
    expect(at(1)).toBeCloseTo(at(1 - 1e-7), 6);
  });
  it('a customer who bought at T is alive: P(alive | t_x = T) = 1', () => {
    expect(paretoNbdPAlive(FH, { x: 5, tx: 20, T: 20 })).toBe(1);
  });
});

describe('Pareto/NBD properties', () => {
  const params = fc.record({
    r: fc.double({ min: 0.05, max: 20, noNaN: true }),
    alpha: fc.double({ min: 0.1, max: 200, noNaN: true }),
    s: fc.double({ min: 0.05, max: 20, noNaN: true }),
    beta: fc.double({ min: 0.1, max: 200, noNaN: true }),
  });
  const customer = fc
    .record({
      x: fc.integer({ min: 0, max: 300 }),
      a: fc.double({ min: 0, max: 1, noNaN: true }),
      T: fc.double({ min: 0.2, max: 400, noNaN: true }),
    })
    .map(({ x, a, T }) => ({ x, tx: x === 0 ? 0 : a * T, T }));
  it('likelihood, P(alive) and E[Y] are finite; P(alive) ∈ [0, 1] (0 only by underflow); E[Y] ≥ 0', () => {
    fc.assert(
      fc.property(params, customer, (p, c) => {
        const ll = paretoNbdLogLikelihood(p, c);
        const pa = paretoNbdPAlive(p, c);
        const e = paretoNbdExpected(p, c, 39);
        return Number.isFinite(ll) && pa >= 0 && pa <= 1 && Number.isFinite(e) && e >= 0;
      }),
      { numRuns: 300 },
    );
  });
  it('a later last purchase means more likely alive and more expected purchases; a longer horizon more', () => {
    fc.assert(
      fc.property(params, customer, fc.double({ min: 0.01, max: 0.99, noNaN: true }), (p, c, f) => {
        if (c.x === 0 || c.tx >= c.T) return true;
        const later = { ...c, tx: c.tx + f * (c.T - c.tx) };
        const tol = 1e-9;
        return (
          paretoNbdPAlive(p, later) >= paretoNbdPAlive(p, c) - tol &&
          paretoNbdExpected(p, later, 13) >= paretoNbdExpected(p, c, 13) * (1 - tol) &&
          paretoNbdExpected(p, c, 26) >= paretoNbdExpected(p, c, 13) * (1 - tol)
        );
      }),
      { numRuns: 300 },
    );
  });
  it('P(alive) falls as the silence since the last purchase grows', () => {
    fc.assert(
      fc.property(params, customer, fc.double({ min: 0.1, max: 100, noNaN: true }), (p, c, more) => {
        const longer = { ...c, T: c.T + more };
        return paretoNbdPAlive(p, longer) <= paretoNbdPAlive(p, c) + 1e-9;
      }),
      { numRuns: 300 },
    );
  });
});

/** `n` customers of FH's cohort simulated from `p` (times in whole days, weeks as the unit). */
function simulate(p: ParetoNbdParams, n: number, seed: number) {
  const rnd = mulberry32(seed);
  const cs = [];
  for (let i = 0; i < n; i++) {
    const lambda = gammaVariate(p.r, rnd) / p.alpha;
    const mu = gammaVariate(p.s, rnd) / p.beta;
    // FH's cohort: first purchases over 12 weeks, 39 weeks of data; times in whole days
    const T = Math.round((27 + rnd() * 12) * 7) / 7;
    const life = -Math.log(rnd()) / mu;
    const end = Math.min(T, life);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(rnd()) / lambda;
      if (t > end) break;
      x++;
      tx = Math.min(T, Math.ceil(t * 7) / 7);
    }
    cs.push({ x, tx, T });
  }
  return cs;
}

describe('fitParetoNbd', () => {
  it('stepped (stopped after every iteration, resumed from JSON) gives the one-go fit bit for bit', () => {
    const cs = simulate(FH, 400, 5);
    const mle = paretoNbdMle(cs);
    let s = mle.start();
    let calls = 0;
    while (!s.done) {
      s = decodeNelderMead(encodeNelderMead(mle.advance(s, () => true)));
      calls++;
    }
    expect(calls).toBeGreaterThan(50);
    expect(mle.result(s)).toEqual(fitParetoNbd(cs));
  }, 60_000);

  it("recovers the parameters of simulated customers (the note's CDNOW values as the truth)", () => {
    const cs = simulate(FH, 5000, 11);
    const fit = fitParetoNbd(cs);
    // purchase rate r/α and dropout rate s/β are what the data pins down; r and s less tightly
    expect(fit.r / fit.alpha).toBeGreaterThan(0.8 * (FH.r / FH.alpha));
    expect(fit.r / fit.alpha).toBeLessThan(1.25 * (FH.r / FH.alpha));
    expect(fit.r).toBeGreaterThan(0.4);
    expect(fit.r).toBeLessThan(0.75);
    expect(fit.s / fit.beta).toBeGreaterThan(0.5 * (FH.s / FH.beta));
    expect(fit.s / fit.beta).toBeLessThan(2 * (FH.s / FH.beta));
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(paretoNbdTotalLogLikelihood(FH, cs) - 1e-6);
  }, 90_000); // ~1 s in node; jest's sandbox makes every Math call ~100× slower
});
