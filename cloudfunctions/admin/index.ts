/** `admin` cloud function: the merchant dashboard's server side (staff only, every action). */
import cloud from 'wx-server-sdk';
import { handleAdmin } from '../common/admin/handler';
import { Db } from '../common/db/wx-db';

/**
 * Work budget of the refit call a staff request makes: the admin reply must come back inside its
 * own 60 s limit; a refit that needs longer continues on the refit timer (every 5 min).
 */
const STAFF_REFIT_BUDGET_MS = 25_000;

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

export async function main(event: unknown): Promise<unknown> {
  const { OPENID } = cloud.getWXContext() as { OPENID?: string };
  return handleAdmin(event, {
    db: new Db(cloud.database() as never),
    openid: OPENID,
    startDispatch: async (campaignId) => {
      const res = (await cloud.callFunction({ name: 'dispatch', data: { action: 'run', campaignId } })) as {
        result?: unknown;
      };
      return res.result;
    },
    runRefit: async (kind) => {
      const res = (await cloud.callFunction({
        name: 'refit',
        data: { action: 'tick', kind, budgetMs: STAFF_REFIT_BUDGET_MS },
      })) as { result?: unknown };
      return res.result;
    },
  });
}
