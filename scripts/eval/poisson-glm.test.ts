import { rng } from '../../cloudfunctions/common/value/gbt';
import { fitPoissonGlm, solveDense } from './poisson-glm';

describe('Poisson GLM', () => {
  it('solves a small linear system', () => {
    const v = solveDense(
      [
        [0, 2],
        [3, 1],
      ],
      [4, 5],
    );
    expect(v[0]).toBeCloseTo(1, 12);
    expect(v[1]).toBeCloseTo(2, 12);
  });

  it('recovers the weights of simulated counts, offset included', () => {
    const rand = rng(4);
    const x: number[][] = [];
    const y: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const u = rand() * 2 - 1;
      const o = Math.log(0.5 + rand());
      const mu = Math.exp(o + 0.3 + 0.8 * u);
      let k = 0;
      for (let t = -Math.log(rand()); t < mu; t += -Math.log(rand())) k++;
      x.push([1, u]);
      y.push(k);
      off.push(o);
    }
    const w = fitPoissonGlm(x, y, off, 0);
    expect(w[0]).toBeCloseTo(0.3, 1);
    expect(w[1]).toBeCloseTo(0.8, 1);
  });
});
