import { CAMPAIGN_FAULT_CODES, backoffMs, decide, errorCodeOf, isCampaignFault, ledgerAction, refusalScope } from './send-policy';

describe('send policy', () => {
  it('treats 43101, 47003 and 40003 as permanent on the first attempt', () => {
    for (const code of [43101, 47003, 40003]) expect(decide(code, 1, 3, 100).kind).toBe('permanent');
  });
  it('retries transient errors a bounded number of times with growing delays', () => {
    const r = () => 0.5;
    const d1 = decide(-1, 1, 3, 100, r);
    const d2 = decide(-1, 2, 3, 100, r);
    expect(d1).toEqual({ kind: 'retry', code: -1, delayMs: 75 });
    expect(d2).toEqual({ kind: 'retry', code: -1, delayMs: 150 });
    expect(decide(-1, 3, 3, 100, r)).toEqual({ kind: 'give_up', code: -1 });
    expect(decide(0, 1, 3, 100).kind).toBe('sent');
  });
  it('never retries an ambiguous failure (WeChat may have delivered)', () => {
    expect(decide(-99, 1, 3, 100).kind).toBe('ambiguous');
    expect(decide(-501001, 1, 3, 100).kind).toBe('ambiguous');
    expect(decide(45011, 1, 3, 100).kind).toBe('retry');
  });
  it('keeps backoff within [base/2, base] · 2^(n-1)', () => {
    for (let n = 1; n < 6; n++) {
      expect(backoffMs(n, 100, () => 0)).toBe(50 * 2 ** (n - 1));
      expect(backoffMs(n, 100, () => 1)).toBe(100 * 2 ** (n - 1));
    }
  });
  it('reads the error code the SDK throws', () => {
    expect(errorCodeOf({ errCode: 43101 })).toBe(43101);
    expect(errorCodeOf({ errcode: '47003' })).toBe(47003);
    expect(errorCodeOf(new Error('socket hang up'))).toBe(-99);
  });
  it('zeroes, refunds or keeps the ledger', () => {
    expect(ledgerAction(43101)).toBe('zero');
    expect(ledgerAction(40003)).toBe('zero');
    expect(ledgerAction(47003)).toBe('refund');
    // a page not in the mini program: refused with the parameters, the grant untouched
    expect(ledgerAction(41030)).toBe('refund');
    // the app's daily send limit: answered before WeChat touches the customer's grant
    expect(ledgerAction(45009)).toBe('refund');
    expect(decide(45009, 1, 3, 100)).toMatchObject({ kind: 'permanent', code: 45009 });
    expect(ledgerAction(-1)).toBe('keep');
  });
  it('scopes a refusal: the app for today (45009), the campaign (41030, 40037), else the customer', () => {
    expect(refusalScope(45009)).toBe('app_day');
    // the page and the template are the campaign's: every customer of the pass would be refused the same way
    expect(refusalScope(41030)).toBe('campaign');
    expect(refusalScope(40037)).toBe('campaign');
    expect(CAMPAIGN_FAULT_CODES).toEqual({ 41030: 'page_invalid', 40037: 'template_invalid' });
    expect(isCampaignFault('template_invalid')).toBe(true);
    expect(isCampaignFault('failed')).toBe(false);
    expect(ledgerAction(40037)).toBe('refund');
    for (const code of [0, 43101, 40003, 47003, -1, 45011, -99]) expect(refusalScope(code)).toBe('customer');
    // still answered before the grant is touched: given back, and nothing delivered to retry
    expect(decide(41030, 1, 3, 100)).toMatchObject({ kind: 'permanent', code: 41030 });
    expect(ledgerAction(41030)).toBe('refund');
  });
  it('scopes 43107 (the subscribe-message ability banned) to the app, and gives the grant back', () => {
    // It is about the app (or its template), not the customer: every send would be refused the same way.
    expect(refusalScope(43107)).toBe('app_banned');
    expect(decide(43107, 1, 3, 100)).toMatchObject({ kind: 'permanent', code: 43107 });
    expect(ledgerAction(43107)).toBe('refund');
  });
});
