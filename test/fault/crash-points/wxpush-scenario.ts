/**
 * The wxpush exploration on any database backend (in-memory SDK, or the real wx-server-sdk against
 * the local cloud): one popup accepting two templates, crashed at every request (and every pair),
 * then WeChat re-delivering it until answered `success`. Each world has its own customer, so
 * worlds can share one database.
 */
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import type { CrashPlan, Exploration } from '../../../cloudfunctions/common/db/testing/crash-points';
import type { Db } from '../../../cloudfunctions/common/db/wx-db';
import { grantId } from '../../../cloudfunctions/common/dispatch/grants-ledger';
import { handleWxPush } from '../../../cloudfunctions/common/wxpush/handler';
import { LOCAL_PUSH_SOURCE } from '../../../cloudfunctions/common/wxpush/push-source';

/** A database for one world: `db` crashes under the plan, `raw` does not. */
export interface PushBackend {
  world(plan: CrashPlan): Promise<{ db: Db; raw: Db }>;
}

const TEMPLATES = ['tpl_price_drop', 'tpl_back_in_stock'];
let worlds = 0;

const popup = (openid: string) => ({
  ToUserName: 'gh_123456789abc',
  FromUserName: openid,
  CreateTime: '1796472000',
  MsgType: 'event',
  Event: 'subscribe_msg_popup_event',
  List: TEMPLATES.map((TemplateId) => ({ TemplateId, SubscribeStatusString: 'accept', PopupScene: '0' })),
});

async function world(b: PushBackend, plan: CrashPlan) {
  return { ...(await b.world(plan)), openid: `oU_push${++worlds}` };
}
/** One customer's popup world. */
export type PushWorld = Awaited<ReturnType<typeof world>>;

/** One delivery of the popup push. */
const deliver = (w: PushWorld, db: Db): Promise<unknown> =>
  handleWxPush(popup(w.openid), { OPENID: w.openid, SOURCE: LOCAL_PUSH_SOURCE }, { db, knownTemplates: new Set(TEMPLATES) });

async function check(w: PushWorld): Promise<void> {
  for (const t of TEMPLATES) {
    const g = await w.raw.getById(COLLECTIONS.grants, grantId(w.openid, t));
    if (g?.available !== 1 || g.accepted !== 1) throw new Error(`${t}: grant ${JSON.stringify(g)}, want one available and one accepted`);
  }
  const records = await w.raw.find(COLLECTIONS.subscribePushes, { openid: w.openid }, { limit: 10 });
  if (records.length !== TEMPLATES.length) throw new Error(`${records.length} popup records, want ${TEMPLATES.length}`);
}

/** The popup exploration on backend `b`. */
export function pushExploration(b: PushBackend, pairs = false): Exploration<PushWorld> {
  return {
    setup: (plan) => world(b, plan),
    async run(w) {
      if ((await deliver(w, w.db)) !== 'success') throw new Error('not answered success: WeChat will re-deliver');
    },
    async recover(w) {
      // WeChat re-delivers until it gets `success` (a few times; here until the answer comes).
      for (let i = 0; i < 3 && (await deliver(w, w.raw)) !== 'success'; i++);
    },
    check,
    pairs,
  };
}
