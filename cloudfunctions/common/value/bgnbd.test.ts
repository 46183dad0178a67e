import {
  bgnbdExpected,
  bgnbdExpectedNew,
  bgnbdLogLikelihood,
  bgnbdPAlive,
  bgnbdTotalLogLikelihood,
  fitBgnbd,
  type BgnbdParams,
} from './bgnbd';
import { gammaVariate } from '../random';
import { hyp2f1, lnGamma } from './special';

/** FHL 2005's estimates on the 2,357-customer CDNOW sample. */
const FHL: BgnbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('special functions', () => {
  it('lnGamma matches factorials and Γ(1/2) = √π', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lnGamma(0.1)).toBeCloseTo(2.252712651734206, 10);
  });
  it('hyp2f1 matches closed forms', () => {
    // ₂F₁(1,1;2;z) = −ln(1−z)/z
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 12);
    // ₂F₁(a,b;b;z) = (1−z)^−a
    expect(hyp2f1(0.7, 3, 3, 0.3)).toBeCloseTo(Math.pow(0.7, -0.7), 12);
  });
});

describe('BG/NBD likelihood (values computed by hand)', () => {
  const ones: BgnbdParams = { r: 1, alpha: 1, a: 1, b: 1 };
  it('x = 0, T = 1, all parameters 1: L = 1/2', () => {
    expect(bgnbdLogLikelihood(ones, { x: 0, tx: 0, T: 1 })).toBeCloseTo(Math.log(1 / 2), 12);
  });
  it('x = 1, t_x = 1, T = 2, all parameters 1: L = B(1,2)·1/3² + B(2,1)·1/2² = 13/72', () => {
    expect(bgnbdLogLikelihood(ones, { x: 1, tx: 1, T: 2 })).toBeCloseTo(Math.log(13 / 72), 12);
  });
  it('x = 2, t_x = 1, T = 3, r = 2, α = 1, a = 2, b = 3', () => {
    // A = Γ(4)/Γ(2)·1^2 = 6; B(a,b+x)/B(a,b) = B(2,5)/B(2,3) = (1/30)/(1/12) = 0.4;
    // B(a+1,b+x−1)/B(a,b) = B(3,4)/B(2,3) = (1/60)/(1/12) = 0.2
    const want = 6 * (0.4 / Math.pow(4, 4) + 0.2 / Math.pow(2, 4));
    expect(bgnbdLogLikelihood({ r: 2, alpha: 1, a: 2, b: 3 }, { x: 2, tx: 1, T: 3 })).toBeCloseTo(
      Math.log(want),
      12,
    );
  });
  it('the grouped total equals the sum of single customers', () => {
    const cs = [
      { x: 0, tx: 0, T: 5 },
      { x: 3, tx: 2, T: 5 },
      { x: 3, tx: 4, T: 6 },
    ];
    const sum = cs.reduce((s, c) => s + bgnbdLogLikelihood(FHL, c), 0);
    expect(bgnbdTotalLogLikelihood(FHL, cs)).toBeCloseTo(sum, 10);
  });
});

describe('BG/NBD predictions', () => {
  it('reproduces FHL 2005: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks', () => {
    expect(bgnbdExpected(FHL, { x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 2);
  });
  it('the Euler-transformed expectation equals the direct series', () => {
    const c = { x: 4, tx: 10, T: 20 };
    const t = 15;
    const { r, alpha, a, b } = FHL;
    const z = t / (alpha + c.T + t);
    const direct =
      (((a + b + c.x - 1) / (a - 1)) *
        (1 -
          Math.pow((alpha + c.T) / (alpha + c.T + t), r + c.x) *
            hyp2f1(r + c.x, b + c.x, a + b + c.x - 1, z))) /
      (1 + (a / (b + c.x - 1)) * Math.pow((alpha + c.T) / (alpha + c.tx), r + c.x));
    expect(bgnbdExpected(FHL, c, t)).toBeCloseTo(direct, 10);
  });
  it('a customer with no repeats at T = 0 expects what a new customer expects', () => {
    expect(bgnbdExpected(FHL, { x: 0, tx: 0, T: 0 }, 39)).toBeCloseTo(bgnbdExpectedNew(FHL, 39), 10);
  });
  it('stays finite for large a and b (a small shop with steady dropout)', () => {
    const p = { r: 0.97, alpha: 3.1, a: 2558, b: 16840 };
    for (const c of [
      { x: 0, tx: 0, T: 30 },
      { x: 5, tx: 10, T: 39 },
      { x: 40, tx: 38, T: 39 },
    ]) {
      const v = bgnbdExpected(p, c, 13);
      expect(Number.isFinite(v) && v >= 0).toBe(true);
    }
    // nearly no dropout over the horizon: close to the Poisson–gamma expectation (r+x)/(α+T)·t
    expect(bgnbdExpected(p, { x: 5, tx: 38, T: 39 }, 13)).toBeCloseTo(
      ((0.97 + 5) / (3.1 + 39)) * 13 * 0.87,
      0,
    );
  });
  it('stays finite for heavy buyers and a = 1', () => {
    const v = bgnbdExpected({ r: 1, alpha: 2, a: 1, b: 3 }, { x: 2000, tx: 500, T: 520 }, 13);
    expect(Number.isFinite(v) && v > 0).toBe(true);
    expect(bgnbdPAlive(FHL, { x: 2000, tx: 100, T: 520 })).toBe(0);
    expect(bgnbdPAlive(FHL, { x: 0, tx: 0, T: 9 })).toBe(1);
  });
});

describe('fitBgnbd', () => {
  it('recovers the parameters of simulated customers', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
    const gamma = (k: number) => gammaVariate(k, rnd);
    const truth = { r: 0.5, alpha: 5, a: 0.8, b: 2.5 };
    const cs = [];
    for (let i = 0; i < 6000; i++) {
      const lambda = gamma(truth.r) / truth.alpha;
      const ga = gamma(truth.a);
      const pDrop = ga / (ga + gamma(truth.b));
      const T = 20 + rnd() * 20;
      let t = 0;
      let x = 0;
      let tx = 0;
      for (;;) {
        t += -Math.log(rnd()) / lambda;
        if (t > T) break;
        x++;
        tx = t;
        if (rnd() < pDrop) break;
      }
      cs.push({ x, tx, T });
    }
    const fit = fitBgnbd(cs);
    expect(fit.r).toBeGreaterThan(0.4);
    expect(fit.r).toBeLessThan(0.62);
    expect(fit.alpha / fit.r).toBeGreaterThan(7);
    expect(fit.alpha / fit.r).toBeLessThan(13);
    expect(fit.a / (fit.a + fit.b)).toBeGreaterThan(0.17);
    expect(fit.a / (fit.a + fit.b)).toBeLessThan(0.32);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgnbdTotalLogLikelihood(truth, cs) - 1e-6);
  });
});
