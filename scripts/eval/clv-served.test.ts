import type { ValueModel } from '../../cloudfunctions/common/value/model';
import { servedForm } from './clv-served';

/** A fitted model with `trees` trees trained on `trainingHorizonDays`, and `extra` parts. */
const model = (trees: number, trainingHorizonDays: number, extra: Partial<ValueModel> = {}): ValueModel =>
  ({
    end: 400,
    horizonDays: 91,
    learned: { gbt: { trees: Array.from({ length: trees }, () => ({})) }, trainingHorizonDays },
    ...extra,
  }) as unknown as ValueModel;

const blend = (weight: number, scale: number, more = {}) => ({
  weight,
  scale,
  judged: 100,
  rmse: { learned: 1, bgnbd: 1, blended: 1 },
  space: 'log' as const,
  ...more,
});

describe('eval:clv served line', () => {
  it('never prints a count with the wrong number (session 21 printed `exp(1 trees)`)', () => {
    for (const line of [servedForm(model(1, 91)), servedForm(model(1, 91, { blend: blend(0, 1) })), servedForm(model(1, 91, { blend: blend(1, 1) }))])
      expect(line).not.toMatch(/\b1 trees\b/);
  });

  it('says the trees are not read when an untested blend ships scale · BG/NBD (the 61 / 56 trees of session 20’s pins)', () => {
    for (const trees of [61, 56])
      expect(servedForm(model(trees, 91, { blend: blend(0, 1.506, { untested: true }) }))).toBe(
        `served (seed 1): 1.506 × BG/NBD alone: the ${trees} trees fitted at the end are not read (the back-test's fit had no trees to judge)`,
      );
    expect(servedForm(model(3, 91, { blend: blend(0, 1) }))).toBe(
      'served (seed 1): BG/NBD alone: the 3 trees fitted at the end are not read (the back-test chose BG/NBD)',
    );
    // Early stopping left the back-test's fit without trees: BG/NBD, with or without trees at the end
    // (with none there, the line said `the learned model, BG/NBD × exp(sum of 0 trees)`).
    const stopped = blend(0, 1, { untested: true, stopped: true });
    expect(servedForm(model(46, 91, { blend: stopped }))).toBe(
      "served (seed 1): BG/NBD alone: the 46 trees fitted at the end are not read (the back-test's fit kept no trees, only a level: BG/NBD ships)",
    );
    expect(servedForm(model(0, 91, { blend: stopped }))).toBe(
      "served (seed 1): BG/NBD alone: no trees fitted at the end (the back-test's fit kept no trees, only a level: BG/NBD ships)",
    );
    expect(servedForm(model(1, 91, { blend: blend(0, 1) }))).toBe(
      'served (seed 1): BG/NBD alone: the 1 tree fitted at the end is not read (the back-test chose BG/NBD)',
    );
  });

  it('names the blend, the unguarded learned model, the hybrid level and the last-season set', () => {
    expect(servedForm(model(40, 91, { blend: blend(0.5, 1.2) }))).toBe('served (seed 1): 1.200 × BG/NBD × exp(0.5 × sum of 40 trees)');
    expect(servedForm(model(40, 91, { blend: blend(1, 1) }))).toBe('served (seed 1): the learned model, BG/NBD × exp(sum of 40 trees)');
    expect(servedForm(model(1, 91))).toBe(
      'served (seed 1): the learned model alone, BG/NBD × exp(1 tree) (no back-test like the fit judged it)',
    );
    const level = { factor: 1.088 } as ValueModel['level'];
    expect(servedForm(model(92, 51, { level }))).toBe(
      "served (seed 1): the learned model alone, BG/NBD × exp(sum of 92 trees) × hybrid level 1.088 (trained on 51-day windows at BG/NBD's level)",
    );
    const season = { learned: { gbt: { trees: [{}, {}] } }, weight: 0.5, scale: 0.98765 } as unknown as ValueModel['season'];
    expect(servedForm(model(40, 91, { blend: blend(1, 1), season }))).toBe(
      "served (seed 1): the learned model, BG/NBD × exp(sum of 40 trees); mixed with last season's 2 trees (weight 0.5, scale 0.9877)",
    );
    const one = { learned: { gbt: { trees: [{}] } }, weight: 0.5, scale: 1 } as unknown as ValueModel['season'];
    expect(servedForm(model(40, 91, { blend: blend(0.5, 1, { space: undefined }), season: one }))).toBe(
      "served (seed 1): (0.5 × learned + 0.5 × BG/NBD), 40 trees; mixed with last season's 1 tree (weight 0.5, scale 1.0000)",
    );
  });
});
