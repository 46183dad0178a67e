import { windowTrend, type TrendWindow } from './window-trend';

/** A window of four customers (ids from `first`) whose targets sum to `ratio` × their expectations, with spread. */
function win(cut: number, ratio: number, first: number): TrendWindow {
  const expected = [1, 1, 2, 2];
  // Residuals −0.5, +0.5, −1, +1 about ratio × expected: the window's total is exactly ratio × 6.
  const y = expected.map((e, k) => ratio * e + (k % 2 ? 1 : -1) * (e / 2));
  return { cut, y, expected, customer: [first, first + 1, first + 2, first + 3] };
}

describe('the training windows’ trend (session 24)', () => {
  it('recovers a log-linear drift exactly and extrapolates it', () => {
    const beta = 0.1; // log ratio per 30 days
    const ws = [0, 30, 60].map((cut, i) => win(cut, Math.exp(beta * (cut / 30) - 0.2), i * 4));
    const t = windowTrend(ws, 120);
    expect(t).not.toBeNull();
    expect(t!.windows).toBe(3);
    expect(t!.slope).toBeCloseTo(beta, 12);
    expect(t!.levelAt).toBeCloseTo(0.4 - 0.2, 12);
  });

  it('is flat when every window has the same level', () => {
    const t = windowTrend([0, 15, 30, 45].map((c, i) => win(c, 0.8, i * 4)), 90)!;
    expect(t.slope).toBeCloseTo(0, 12);
    expect(t.levelAt).toBeCloseTo(Math.log(0.8), 12);
  });

  it('equals the independent-windows error when no customer is in two windows', () => {
    const t = windowTrend([0, 30, 60].map((c, i) => win(c, 1 + 0.1 * i, i * 4)), 90)!;
    expect(t.se).toBeCloseTo(t.seNaive, 12);
    expect(t.z).toBeCloseTo(t.slope / t.se, 12);
  });

  it('counts a customer in several windows once (overlapping windows move together)', () => {
    // The same four customers with the same residuals in each window: a shared error shifts every
    // window alike, so it leaves the slope (its weights sum to 0) and moves the level at full size.
    const t = windowTrend([0, 30, 60].map((c, i) => win(c, 1 + 0.1 * i, 0)), 90)!;
    const apart = windowTrend([0, 30, 60].map((c, i) => win(c, 1 + 0.1 * i, i * 4)), 90)!;
    expect(t.slope).toBeCloseTo(apart.slope, 12);
    expect(t.seNaive).toBeCloseTo(apart.seNaive, 12);
    expect(t.se).toBeLessThan(t.seNaive / 2);
    // At the windows' middle the shared error counts in full, the independent ones average out (÷ √3).
    const mid = windowTrend([0, 30, 60].map((c, i) => win(c, 1 + 0.1 * i, 0)), 30)!;
    const midApart = windowTrend([0, 30, 60].map((c, i) => win(c, 1 + 0.1 * i, i * 4)), 30)!;
    expect(mid.levelSe).toBeGreaterThan(midApart.levelSe * 1.5);
  });

  it('needs three windows with purchases on two days at least', () => {
    expect(windowTrend([win(0, 1, 0), win(30, 1.1, 4)], 60)).toBeNull();
    const empty: TrendWindow = { cut: 60, y: [0, 0], expected: [1, 1], customer: [8, 9] };
    expect(windowTrend([win(0, 1, 0), win(30, 1.1, 4), empty], 90)).toBeNull();
    expect(windowTrend([win(0, 1, 0), win(0, 1.1, 4), win(0, 1.2, 8)], 90)).toBeNull();
  });
});
