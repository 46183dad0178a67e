/**
 * Which actions of the functions the app and the admin page call may be asked again as they are
 * when their answer was lost: true for those that only read (a cache they refresh is rebuilt whole
 * from what they read; clearing a template's mark twice is clearing it once), false for those that
 * write (saves, dispatch, pause, 立即重试, rollback, refit, orders, consent, deletion). One table read by both sides,
 * so they cannot drift apart:
 * - each function's boundary (admin/handler.ts, shop/index.ts, privacy/index.ts): a database
 *   timeout in a retry-safe action answers UNAVAILABLE 系统繁忙 (reply-of-error.ts); in a write,
 *   INTERNAL or OUTCOME_UNKNOWN, since what it wrote by then is not known there;
 * - the app's calls (miniprogram services/api.ts, admin-api.ts): a write whose answer never came
 *   reads 结果未知 (it may have taken effect), a read 请求超时.
 * Each boundary assigns its table to a Record over its schema's actions, so a new action does not
 * compile until someone decides.
 */
export const RETRY_SAFE_ACTIONS = {
  admin: {
    whoami: true, overview: true, segments: true, segmentsCsv: true, segmentMap: true, editorOptions: true,
    campaignList: true, campaignGet: true, campaignResults: true, campaignAudience: true, listCount: true, productSearch: true, productGet: true, subscribeFaults: true, templateFaultClear: true,
    ruleSegmentPreview: true, ruleSegmentList: true, ruleSegmentMembers: true, ruleSegmentCsv: true,
    models: true, valueOverview: true, outboxList: true,
    campaignSave: false, campaignDispatch: false, campaignPause: false, subscribeRetry: false, ruleSegmentSave: false, modelRollback: false, modelRefit: false,
  },
  shop: { listTemplates: true, listProducts: true, getProduct: true, listCategories: true, listOrders: true, createOrder: false },
  privacy: {
    getConsent: true, me: true, exportMyData: true,
    setConsent: false, withdrawConsent: false, setPersonalization: false, deleteMyData: false,
  },
} as const;

/** A function whose actions the table above decides. */
export type TabledFunction = keyof typeof RETRY_SAFE_ACTIONS;

/** The table's answer for `action` of `fn`: true/false where it names it, undefined where it does not. */
function tableEntry(fn: string, action: unknown): boolean | undefined {
  // hasOwnProperty, not Object.hasOwn: the app runs this on base libraries older than ES2022.
  const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  if (!own(RETRY_SAFE_ACTIONS, fn) || typeof action !== 'string') return undefined;
  const table: Record<string, boolean> = RETRY_SAFE_ACTIONS[fn as TabledFunction];
  return own(table, action) ? table[action] : undefined;
}

/**
 * Whether `action` of `fn` writes (the table names it not retry-safe). An action or function the
 * table does not name reads as a read: only the writes it names have an answer that may be lost
 * after taking effect.
 */
export function isWriteAction(fn: string, action: unknown): boolean {
  return tableEntry(fn, action) === false;
}

/**
 * Whether a failed call of `action` of `fn` may be asked again as it is (a boundary's `retrySafe`):
 * only an action the table names retry-safe; one it does not name is not vouched for.
 */
export function isRetrySafeAction(fn: string, action: unknown): boolean {
  return tableEntry(fn, action) === true;
}
