import { DISPATCH_NOW_BUDGET_MS, dispatchNowCall, NESTED_CALL_MARGIN_MS, SDK_DEFAULT_TIMEOUT_MS, withWait } from './nested-call';
import { refitCall } from './models';

/** admin's own config.json timeout: a nested call must answer well within it. */
const ADMIN_TIMEOUT_MS = 60_000;

describe('nested calls from admin', () => {
  it("wait longer than the SDK's 15 s default for the dispatcher's send-now pass, within admin's 60 s", () => {
    const c = dispatchNowCall('c1');
    expect(c).toEqual({ name: 'dispatch', data: { action: 'run', campaignId: 'c1', budgetMs: DISPATCH_NOW_BUDGET_MS }, timeout: DISPATCH_NOW_BUDGET_MS + NESTED_CALL_MARGIN_MS });
    expect(c.timeout).toBeGreaterThan(SDK_DEFAULT_TIMEOUT_MS);
    expect(c.timeout).toBeLessThanOrEqual(ADMIN_TIMEOUT_MS - 15_000);
  });

  it("wait for a staff refit tick its budget plus a step (the refit host's 25 s budget outlived the SDK's default)", () => {
    for (const model of ['value', 'sentiment', 'segmentation']) {
      const c = withWait(refitCall(model, 25_000)!);
      expect(c.timeout).toBe(25_000 + NESTED_CALL_MARGIN_MS);
      expect(c.timeout).toBeLessThanOrEqual(ADMIN_TIMEOUT_MS - 15_000);
    }
    expect(withWait({ name: 'x', data: {} }).timeout).toBe(SDK_DEFAULT_TIMEOUT_MS + NESTED_CALL_MARGIN_MS);
  });
});
