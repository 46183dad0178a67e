/** `admin` cloud function: the merchant dashboard's server side (staff only, every action). */
import cloud from 'wx-server-sdk';
import { handleAdmin } from '../common/admin/handler';
import { Db } from '../common/db/wx-db';

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
    runRefit: async (call) => {
      const res = (await cloud.callFunction(call)) as { result?: unknown };
      return res.result;
    },
    files: {
      upload: async (cloudPath, fileContent) => ((await cloud.uploadFile({ cloudPath, fileContent })) as { fileID: string }).fileID,
      tempUrl: async (fileID, maxAge) => {
        const res = (await cloud.getTempFileURL({ fileList: [{ fileID, maxAge }] })) as { fileList: Array<{ tempFileURL: string }> };
        return res.fileList[0].tempFileURL;
      },
    },
  });
}
