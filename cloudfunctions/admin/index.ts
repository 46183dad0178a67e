/** `admin` cloud function: the merchant dashboard's server side (staff only, every action). */
import cloud from 'wx-server-sdk';
import { handleAdmin } from '../common/admin/handler';
import { wxTempUrl } from '../common/admin/temp-url';
import { dispatchNowCall, withWait } from '../common/admin/nested-call';
import { Db } from '../common/db/wx-db';
import { wxModelFiles } from '../common/model-store/wx-ports';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
// One per container: it learns the fileID prefix once (model-store/wx-ports.ts idOf).
const storage = wxModelFiles(cloud as never);

export async function main(event: unknown): Promise<unknown> {
  const { OPENID } = cloud.getWXContext() as { OPENID?: string };
  return handleAdmin(event, {
    db: new Db(cloud.database() as never),
    openid: OPENID,
    startDispatch: async (campaignId) => {
      // An explicit timeout: the SDK's default gives up after 15 s (nested-call.ts).
      const res = (await cloud.callFunction(dispatchNowCall(campaignId) as never)) as { result?: unknown };
      return res.result;
    },
    runRefit: async (call) => {
      const res = (await cloud.callFunction(withWait(call) as never)) as { result?: unknown };
      return res.result;
    },
    files: {
      ...storage,
      tempUrl: wxTempUrl(cloud as never),
    },
  });
}
