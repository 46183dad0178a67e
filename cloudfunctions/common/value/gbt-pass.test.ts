import crypto from 'node:crypto';
import { mulberry32, Mulberry32 } from '../random';
import { allRows, fitPoissonGbt, passOptions, rng, splitRows } from './gbt';
import { advancePass, binRows, startPass, type GbtPass, type PassData } from './gbt-pass';

/** Rows whose rate depends on two features (one of them a 3-level code); `constant` adds two that never vary. */
function data(n: number, constant = false) {
  const rand = rng(7);
  const draw = (f: number) => (f === 4 ? Math.floor(rand() * 3) : f === 5 ? 0 : f === 6 ? 2.5 : rand() * 10);
  const cols = Array.from({ length: constant ? 7 : 5 }, (_, f) =>
    Float64Array.from({ length: n }, () => draw(f)),
  );
  const y = Array.from({ length: n }, (_, i) =>
    Math.floor(rand() * 3 * (1 + cols[0][i] / 10) * (cols[4][i] === 1 ? 2 : 1)),
  );
  const offset = Array.from({ length: n }, () => Math.log(0.5 + rand()));
  const groups = Array.from({ length: n }, (_, i) => i % 1000);
  return { cols, y, offset, groups };
}

const sha = (v: unknown) => crypto.createHash('sha256').update(JSON.stringify(v)).digest('hex');

describe('boosting passes', () => {
  it('Mulberry32 draws what mulberry32 draws, and resumes from its state', () => {
    const a = mulberry32(42);
    const b = new Mulberry32(42);
    for (let i = 0; i < 100; i++) expect(b.next()).toBe(a());
    const c = Mulberry32.resume(b.state);
    for (let i = 0; i < 100; i++) expect(c.next()).toBe(a());
  });

  // Hashes computed with the feature-by-feature implementation this replaced (main at 1324f01).
  it.each([
    [
      false,
      '91d6ed408dea1682f2ba35377e62b6ee1875023521035e19d598ac3d03b9ec3b',
      'c9a4b7c83e12bbdf133727cf338bb7958c386657f489303cc8c28a69f4abd2f5',
    ],
    // two constant columns, which the passes skip
    [
      true,
      '60c8a5439dabd6e47c19a998f35d2a37f0ee10d1b0937941e7c2e21c264a09c5',
      '5ec2ae0a876d779e442d914855df664f5c4c3a8cb2e85b4fb7e19143fc3bb7ab',
    ],
  ])('fits exactly the ensembles of the previous implementation (constant columns: %s)', (constant, p, q) => {
    const { cols, y, offset, groups } = data(3000, constant);
    const opts = { groups, seed: 3, learningRate: 0.1, maxTrees: 60 };
    const poisson = fitPoissonGbt(cols, y, offset, opts);
    const squared = fitPoissonGbt(cols, y, offset, { ...opts, loss: 'squared' });
    expect([poisson.trees.length, sha(poisson)]).toEqual([41, p]);
    expect([squared.trees.length, sha(squared)]).toEqual([15, q]);
  });

  it('a pass advanced one tree at a time through JSON checkpoints ends where an uninterrupted one does', () => {
    const { cols, y, offset, groups } = data(2000);
    const opts = { groups, seed: 5, learningRate: 0.1, maxTrees: 40 };
    const whole = fitPoissonGbt(cols, y, offset, opts);
    const rand = new Mulberry32(5);
    const { train, val } = splitRows(y.length, rand, opts);
    const po = passOptions(opts);
    const select: PassData = { bins: binRows(cols, y.length, train), y, train, val, opts: po };
    const through = (p: GbtPass): GbtPass => {
      const j = JSON.parse(JSON.stringify({ ...p, f: [...p.f], bestLoss: String(p.bestLoss) }));
      return { ...j, bestLoss: Number(j.bestLoss), f: Float64Array.from(j.f) };
    };
    let p = startPass(select, offset, rand.state);
    let chunks = 0;
    while (!p.done) {
      p = through(advancePass(p, select, () => true));
      chunks++;
    }
    expect(chunks).toBeGreaterThan(10);
    const final: PassData = {
      bins: binRows(cols, y.length, new Int32Array(0)),
      y,
      train: allRows(y.length),
      val: new Int32Array(0),
      opts: { ...po, maxTrees: p.bestTrees },
    };
    let q = startPass(final, offset, p.rand);
    while (!q.done) q = through(advancePass(q, final, () => true));
    expect(q.model.trees.length).toBe(p.bestTrees);
    expect(JSON.stringify(q.model)).toBe(JSON.stringify(whole));
  });
});
