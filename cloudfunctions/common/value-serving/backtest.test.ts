import type { CustomerHistory } from '../value/learned';
import { fitValueModel, predictValue } from '../value/model';
import {
  backtestFitOptions,
  backtestInputs,
  backtestValue,
  backtestVerdict,
  backtestWindow,
  fitGuardedValueModel,
  likeTheFit,
  shippedBlend,
  type Backtest,
} from './backtest';

/** Customers buying every `gap` days from day 0 to `last` (amounts ¥100). */
function shop(n: number, last: number): CustomerHistory[] {
  return Array.from({ length: n }, (_, i) => {
    const gap = 14 + (i % 5) * 7;
    const days: number[] = [];
    for (let d = i % 11; d <= last - (i % 3) * 60; d += gap) days.push(d);
    return { purchases: { days, amounts: days.map(() => 10000) } };
  });
}

/**
 * A shop that grew: 40 buyers from day 0 and `late` more joining over days 450–700, each buying
 * every 9–49 days (a fifth stop after 120 days). A year before day 800 only the 40 had bought: the
 * back-test's fit is a young shop's (BG/NBD alone), the fit at 800 has rows enough for trees.
 */
function grown(late: number, end: number): CustomerHistory[] {
  return Array.from({ length: 40 + late }, (_, i) => {
    const start = i < 40 ? i % 30 : 450 + ((i * 37) % 250);
    const gap = 9 + (i % 6) * 8 + (i % 4);
    const stop = i % 5 === 0 ? start + 120 : end;
    const days: number[] = [];
    for (let d = start; d <= Math.min(stop, end); d += gap) days.push(d);
    return { purchases: { days, amounts: days.map(() => 10000) } };
  });
}

/** The guarded fit of grown(260, 800), fitted once: it takes most of a minute on a loaded machine. */
let grownFit: ReturnType<typeof fitGuardedValueModel> | undefined;
const grownGuarded = () => (grownFit ??= fitGuardedValueModel(grown(260, 800), { end: 800, horizonDays: 90 }));

describe('value back-test', () => {
  it('nothing after the cut reaches the candidate, only the actual counts', () => {
    const a = shop(36, 400);
    const b = a.map((c) => ({
      purchases: {
        days: [...c.purchases.days.filter((d) => d <= 310), 315, 320],
        amounts: [...c.purchases.amounts.filter((_, k) => c.purchases.days[k] <= 310), 1, 1],
      },
    }));
    const ra = backtestValue(a, { end: 400, horizonDays: 90, incumbent: null });
    const rb = backtestValue(b, { end: 400, horizonDays: 90, incumbent: null });
    expect(ra.cut).toBe(310);
    expect(ra.heldOut).toBe(rb.heldOut);
    // The same predictions on both; only what happened after the cut differs.
    expect(rb.predictedTotal).toBe(ra.predictedTotal);
    expect(rb.predictedTotal).toBeGreaterThan(0);
    expect(rb.actualTotal).not.toBe(ra.actualTotal);
  });

  it('judges only customers who had bought by the cut, against the incumbent when one serves', () => {
    const customers = [...shop(30, 300), { purchases: { days: [250], amounts: [5000] } }];
    const first = backtestValue(customers, { end: 300, horizonDays: 90, incumbent: null });
    expect(first.heldOut).toBe(30);
    expect(first.incumbent).toBeNull();
  });
});

describe('the back-test window', () => {
  it('is the same calendar window a year earlier when a fit there would be like the one at the end', () => {
    expect(backtestWindow(0, 1000, 90)).toEqual({ cut: 635, end: 725, seasonal: true });
    // About 8/3 of the horizon (239 days) before the year-ago cut: a fit there trains on the real horizon.
    expect(backtestWindow(0, 365 + 239, 90)).toEqual({ cut: 239, end: 329, seasonal: true });
    expect(backtestWindow(0, 365 + 238, 90)).toEqual({ cut: 513, end: 603, seasonal: false });
    expect(likeTheFit(0, 239, 90)).toBe(true);
    expect(likeTheFit(0, 238, 90)).toBe(false);
    // CDNOW's classic split: 273 days of history for a 273-day horizon; no back-test is like the fit.
    expect(backtestWindow(0, 272, 273)).toEqual({ cut: -1, end: 272, seasonal: false });
    expect(likeTheFit(0, -1, 273)).toBe(false);
  });

  it('judges a long-history shop on the season a year before, with nothing after its window read', () => {
    const a = shop(40, 800);
    // Purchases after the year-ago window (day 435 + 90 = 525) change nothing in the back-test.
    const b = a.map((c) => {
      const keep = c.purchases.days.filter((d) => d <= 525);
      return { purchases: { days: [...keep, 600, 700], amounts: [...keep.map(() => 10000), 5, 5] } };
    });
    const ra = backtestValue(a, { end: 800, horizonDays: 90, incumbent: null });
    const rb = backtestValue(b, { end: 800, horizonDays: 90, incumbent: null });
    expect([ra.cut, ra.end, ra.seasonal]).toEqual([435, 525, true]);
    expect(rb).toEqual(ra);
  });
});

describe('the guarded fit (eval:clv runs it in one call, the refit job in two steps)', () => {
  it('predicts with the blend its back-test chose', () => {
    const customers = shop(60, 400);
    const fit = fitGuardedValueModel(customers, { end: 400, horizonDays: 90 });
    const { model } = fit;
    const backtest = fit.backtest!;
    expect(backtest.likeTheFit).toBe(true);
    expect(model.blend).toEqual(backtest.blend);
    expect(backtest.blend.judged).toBe(backtest.heldOut);
    const w = backtest.blend.weight;
    const shipped = predictValue(model, customers);
    const alone = predictValue({ ...model, blend: undefined }, customers);
    shipped.forEach((p, i) => {
      const l = alone[i]!;
      // The log mix: BG/NBD × (learned ÷ BG/NBD)^w, scaled.
      expect(backtest.blend.space).toBe('log');
      expect(p!.expectedPurchases).toBeCloseTo(
        backtest.blend.scale *
          l.bgnbdExpectedPurchases *
          (l.expectedPurchases / l.bgnbdExpectedPurchases) ** w,
        12,
      );
    });
    // The candidate's back-test figures are those of what ships.
    expect(backtest.candidate.rmse).toBeCloseTo(backtest.blend.rmse.blended, 12);
    expect(backtest.candidate.rmse).toBeLessThanOrEqual(backtest.bgnbd.rmse + 1e-12);
  });

  it('ships only what its back-test judged: a young shop’s back-test (BG/NBD alone) and trees at the end give scale · BG/NBD', () => {
    const customers = grown(260, 800);
    const fit = grownGuarded();
    const bt = fit.backtest!;
    expect([bt.likeTheFit, bt.seasonal, bt.judgedTrees]).toEqual([true, true, 0]);
    // The back-test could not tell the learned model from BG/NBD: it had no trees to judge.
    expect(bt.blend.rmse.learned).toBeCloseTo(bt.blend.rmse.bgnbd, 12);
    expect(fit.model.learned.gbt.trees.length).toBeGreaterThan(0);
    expect(fit.model.blend).toEqual({ ...bt.blend, weight: 0, untested: true });
    expect(bt.blend).toBe(fit.model.blend); // eval:clv prints, and the refit stores, what ships
    predictValue(fit.model, customers).forEach((p) =>
      expect(p!.expectedPurchases).toBeCloseTo(bt.blend.scale * p!.bgnbdExpectedPurchases, 12),
    );
  });

  it('shippedBlend keeps a blend whose trees were judged; a back-test fit without trees ships BG/NBD whatever the end has', () => {
    const blend = {
      weight: 0.5,
      scale: 1.2,
      judged: 50,
      rmse: { learned: 1, bgnbd: 1.1, blended: 0.9 },
      space: 'log' as const,
    };
    const bt = (o: Partial<Backtest>) => ({ likeTheFit: true, blend, ...o }) as Backtest;
    expect(shippedBlend(bt({ judgedTrees: 12 }))).toBe(blend);
    expect(shippedBlend(bt({}))).toBe(blend); // stored before judgedTrees existed
    expect(shippedBlend(bt({ judgedTrees: 0 }))).toEqual({ ...blend, weight: 0, untested: true });
    expect(shippedBlend(bt({ judgedTrees: 0, judgedStopped: true }))).toEqual({
      ...blend,
      weight: 0,
      untested: true,
      stopped: true,
    });
    expect(shippedBlend(bt({ likeTheFit: false, judgedTrees: 0 }))).toBeUndefined();
    expect(shippedBlend(null)).toBeUndefined();
  });

  it('a back-test fit that early stopping left without trees ships scale · BG/NBD, with or without trees at the end', () => {
    const customers = grown(260, 800);
    const i = backtestInputs(customers, { end: 800, horizonDays: 90 });
    const atCut = fitValueModel(i.seen, backtestFitOptions(i));
    const young = backtestVerdict(i, atCut, null);
    expect([young.judgedTrees, young.judgedStopped]).toEqual([0, undefined]);
    // The same cut as if early stopping had kept no trees on an old-enough shop: a level of its own.
    const stopped = { ...atCut, young: undefined, learned: { ...atCut.learned, gbt: { ...atCut.learned.gbt, bias: -0.2 } } };
    const bt = backtestVerdict(i, stopped, null);
    expect([bt.judgedTrees, bt.judgedStopped]).toEqual([0, true]);
    const end = { ...grownGuarded().model, blend: undefined };
    expect(end.learned.gbt.trees.length).toBeGreaterThan(0);
    // The end's own fit with trees, and one where early stopping kept none but learned a level:
    // whatever weight the window chose, both predict scale · BG/NBD (the level once shipped at w).
    const noTrees = { ...end, learned: { ...end.learned, gbt: { ...end.learned.gbt, trees: [], bias: 0.3 } } };
    for (const weight of [0, 0.5, 1]) {
      const judged = { ...bt, blend: { ...bt.blend, weight, scale: 1.1 } };
      const blend = shippedBlend(judged)!;
      expect(blend).toMatchObject({ weight: 0, scale: 1.1, untested: true, stopped: true });
      for (const m of [end, noTrees])
        predictValue({ ...m, blend }, customers).forEach((p) => {
          if (p) expect(p.expectedPurchases).toBeCloseTo(1.1 * p.bgnbdExpectedPurchases, 12);
        });
    }
  });

  it('chooses no blend from a back-test unlike the fit, and runs none when no window can be like it', () => {
    // 300 days: the cut at 210 leaves less than 240 days, so the back-test fit trains on a shorter horizon.
    const bt = backtestValue(shop(36, 300), { end: 300, horizonDays: 90, incumbent: null });
    expect(bt.likeTheFit).toBe(false);
    expect([bt.blend.weight, bt.blend.scale]).toEqual([1, 1]);
    expect(bt.candidate).toEqual(bt.learnedAlone);
    const fit = fitGuardedValueModel(shop(36, 300), { end: 300, horizonDays: 90 });
    expect(fit.backtest).toBeNull();
    expect(fit.model.blend).toBeUndefined();
  });
});
