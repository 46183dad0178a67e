/**
 * Grants come only from WeChat's pushes, each counted once, whichever database request of `wxpush`
 * a crash hits: WeChat re-delivers a push that was not answered `success`, and after that each
 * accepted template holds exactly one grant (a reject from the service-notice card zeroes and
 * blocks), and the popup records are kept once.
 */
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { exploreCrashPoints, type CrashPlan } from '../../../cloudfunctions/common/db/testing/crash-points';
import type { Db } from '../../../cloudfunctions/common/db/wx-db';
import { grantId } from '../../../cloudfunctions/common/dispatch/grants-ledger';
import { handleWxPush } from '../../../cloudfunctions/common/wxpush/handler';
import { LOCAL_PUSH_SOURCE } from '../../../cloudfunctions/common/wxpush/push-source';
import { crashWorld } from './world';

const U = 'oU_push';
const TEMPLATES = ['tpl_price_drop', 'tpl_back_in_stock'];
const popup = {
  ToUserName: 'gh_123456789abc',
  FromUserName: U,
  CreateTime: '1796472000',
  MsgType: 'event',
  Event: 'subscribe_msg_popup_event',
  List: TEMPLATES.map((TemplateId) => ({ TemplateId, SubscribeStatusString: 'accept', PopupScene: '0' })),
};

/** WeChat delivers until it gets `success` (it tries a few times; here until the answer comes). */
async function deliver(db: Db): Promise<unknown> {
  return handleWxPush(popup, { OPENID: U, SOURCE: LOCAL_PUSH_SOURCE }, { db, knownTemplates: new Set(TEMPLATES) });
}

// The handler logs each failure it answers WeChat with; the crashes are the point here.
beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

it('wxpush: every crash point, then WeChat re-delivering the push, leaves one grant per accepted template', async () => {
  const report = await exploreCrashPoints({
    setup: async (plan: CrashPlan) => crashWorld(plan),
    run: async (w) => {
      if ((await deliver(w.db)) !== 'success') throw new Error('not answered success: WeChat will re-deliver');
    },
    async recover(w) {
      for (let i = 0; i < 3 && (await deliver(w.raw)) !== 'success'; i++);
    },
    async check(w) {
      for (const t of TEMPLATES) {
        const g = await w.raw.getById(COLLECTIONS.grants, grantId(U, t));
        if (g?.available !== 1 || g.accepted !== 1) throw new Error(`${t}: grant ${JSON.stringify(g)}, want one available and one accepted`);
      }
      const records = w.rows(COLLECTIONS.subscribePushes).filter((r) => r.openid === U);
      if (records.length !== TEMPLATES.length) throw new Error(`${records.length} popup records, want ${TEMPLATES.length}`);
    },
    pairs: true,
  });
  expect(report.requests).toBeGreaterThan(6);
});
