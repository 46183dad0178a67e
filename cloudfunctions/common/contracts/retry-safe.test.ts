import { isRetrySafeAction, isWriteAction, RETRY_SAFE_ACTIONS } from './retry-safe';

describe('retry-safe actions: one table for the functions and the app', () => {
  it('names as writes exactly the saves, sends, rollback, refit, orders, consent and deletion', () => {
    const writes = Object.entries(RETRY_SAFE_ACTIONS).flatMap(([fn, t]) =>
      Object.keys(t).filter((a) => isWriteAction(fn, a)).map((a) => `${fn}.${a}`),
    );
    expect(writes.sort()).toEqual([
      'admin.campaignDispatch', 'admin.campaignPause', 'admin.campaignSave', 'admin.modelRefit', 'admin.modelRollback', 'admin.ruleSegmentSave', 'admin.subscribeRetry',
      'privacy.deleteMyData', 'privacy.setConsent', 'privacy.setPersonalization', 'privacy.withdrawConsent',
      'shop.createOrder',
    ]);
  });

  it('reads an action or function it does not name, or a non-string action, as a read', () => {
    expect(isWriteAction('admin', 'overview')).toBe(false);
    expect(isWriteAction('admin', 'nope')).toBe(false);
    expect(isWriteAction('admin', 'toString')).toBe(false); // not the prototype's
    expect(isWriteAction('track', 'createOrder')).toBe(false);
    expect(isWriteAction('__proto__', 'createOrder')).toBe(false);
    expect(isWriteAction('shop', undefined)).toBe(false);
    expect(isWriteAction('shop', 'createOrder')).toBe(true);
  });

  it('vouches for a retry only where the table names the action retry-safe', () => {
    expect(isRetrySafeAction('privacy', 'exportMyData')).toBe(true);
    expect(isRetrySafeAction('privacy', 'deleteMyData')).toBe(false);
    expect(isRetrySafeAction('privacy', 'nope')).toBe(false);
    expect(isRetrySafeAction('privacy', 'toString')).toBe(false);
    expect(isRetrySafeAction('privacy', undefined)).toBe(false);
    expect(isRetrySafeAction('__proto__', 'me')).toBe(false);
  });
});
