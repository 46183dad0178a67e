/**
 * `cloud.openapi.subscribeMessage.send` as unit tests stand it in: a test's own sender (what it
 * records, what WeChat answers it) behind the rule the local cloud's subscribe service applies
 * first, the same code (scripts/local-cloud/openapi/app-pages.ts): a `page` that is not a page of
 * the mini program (app.config.ts, subpackages included) is refused with 41030 before the test's
 * sender sees it, so no grant is consumed, as in WeChat. The rule is on by default, as in the local
 * cloud (`subscribePage: 'any'` or `QX_SUBSCRIBE_PAGE=any` turn it off), so a unit test cannot pass
 * on a page the local cloud — and WeChat — would refuse. test/integration/send-page-parity.test.ts
 * runs one table of pages against this and the local cloud.
 */
import { loadAppPages, pageProblem, subscribePageRule, type SubscribePageRule } from '../../../../scripts/local-cloud/openapi/app-pages';
import type { Sender } from '../send-one';

/** The app's pages, read once per test file (as the local cloud reads them once at start). */
let appPages: ReadonlySet<string> | null = null;

/** Options: the page rule (default: `QX_SUBSCRIBE_PAGE`, else 'app'). */
export interface WechatSendOptions {
  subscribePage?: SubscribePageRule;
}

/**
 * WeChat's refusal of a page, as the SDK throws it (errCode and errMsg of the local cloud's answer
 * through wx-server-sdk). Null when `page` passes or the rule is off.
 */
export function pageRefusal(page: unknown, opts: WechatSendOptions = {}): { errCode: 41030; errMsg: string } | null {
  if (subscribePageRule(opts.subscribePage) !== 'app' || typeof page !== 'string') return null;
  appPages ??= new Set(loadAppPages());
  const why = pageProblem(page, appPages);
  return why ? { errCode: 41030, errMsg: `openapi.subscribeMessage.send:fail ${why}` } : null;
}

/** `inner` (the test's sender) behind WeChat's page check: a page not in the app throws 41030 and never reaches it. */
export function wechatSend(inner: Sender, opts: WechatSendOptions = {}): Sender {
  return async (m) => {
    const refused = pageRefusal(m.page, opts);
    if (refused) throw Object.assign(new Error(refused.errMsg), refused);
    return inner(m);
  };
}
