/**
 * @jest-environment jsdom
 *
 * The weapp build waits for a function as long as that function may run (contracts/function-limits.ts:
 * its limit plus the platform's overhead), like the h5 build (test/e2e/db-unavailable.test.ts holds
 * 概览's reads 18 s in Chromium). Here the REAL weapp output runs under the WeChat stand-ins and
 * `wx.cloud.callFunction` holds the 我的 page's privacy calls 17 s (privacy may run 20 s), past the
 * fixed 15 s the app once gave every call, and then answers. The page must show that answer, not
 * 请求超时. The answer is a refusal with its own words so it is told apart from a timeout.
 */
import { clientWaitMs } from '../../cloudfunctions/common/contracts/function-limits';
import { ensureWeappBuild } from '../e2e/helpers/h5-build';
import { installWeappStandIns, mountPage } from './weapp-stand-ins';

const HOLD_MS = 17_000;
const LATE_ANSWER = '这是 17 秒后到达的答复';

describe('weapp: an answer that comes within the function limit is waited for', () => {
  it('我的 shows the privacy answer held 17 s, not 请求超时', async () => {
    expect(clientWaitMs('privacy')).toBeGreaterThan(HOLD_MS + 2_000);
    const dist = ensureWeappBuild();
    const held: string[] = [];
    const env = installWeappStandIns({
      callFunction: async (name, data) => {
        if (name !== 'privacy') return { ok: false, error: { code: 'FORBIDDEN', message: '无权限' } };
        held.push(String(data.action));
        await new Promise((r) => setTimeout(r, HOLD_MS));
        return { ok: false, error: { code: 'UNAVAILABLE', message: LATE_ANSWER } };
      },
    });
    env.loadApp(dist);
    const page = await mountPage(dist, 'pages/me/index', {}, (p) => {
      const s = JSON.stringify(p.data);
      return s.includes(LATE_ANSWER) || s.includes('请求超时');
    });
    expect(held).toEqual(expect.arrayContaining(['getConsent']));
    const shown = JSON.stringify(page.data.root);
    expect({ timedOut: shown.includes('请求超时'), lateAnswerShown: shown.includes(LATE_ANSWER) }).toEqual({ timedOut: false, lateAnswerShown: true });
  }, 120_000);
});
