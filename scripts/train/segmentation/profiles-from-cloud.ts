/**
 * Training rows from the profiles stored in a (local) cloud, read through the real wx-server-sdk
 * pointed at `url` (…/admin) and signing with that cloud's `credentials`, paged by `_id`. Features are computed at `asOf` (default now)
 * by the same common/features code the segment function uses.
 */
import { computeFeatures, computeRawFeatures, FEATURE_NAMES } from '../../../cloudfunctions/common/features';
import type { ProfileDoc } from '../../../cloudfunctions/common/profile';
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { Db } from '../../../cloudfunctions/common/db/wx-db';
import { credentialsEnv, type CloudCredentials } from '../../local-cloud/auth/credentials';

/** Read every profile and return model-input and raw feature rows. */
export async function featuresFromCloud(
  url: string,
  credentials: CloudCredentials,
  asOf = Date.now(),
  onPage?: (n: number) => void,
): Promise<{ input: number[][]; raw: number[][]; ids: string[] }> {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: url.endsWith('/admin') ? url : `${url.replace(/\/$/, '')}/admin` });
  Object.assign(process.env, credentialsEnv(credentials)); // the cloud refuses unsigned requests
  process.env.TENCENTCLOUD ??= 'true'; // skip the SDK's cloud metadata probe (see test/helpers/local-cloud.ts)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: process.env.TCB_ENV ?? 'local' });
  // Db.pages: keyset pages by `_id`, filled whatever the cloud's page cap (1000 or 100).
  const db = new Db(cloud.database());
  const input: number[][] = [];
  const raw: number[][] = [];
  const ids: string[] = [];
  for await (const page of db.pages(COLLECTIONS.profiles, {})) {
    for (const p of page as ProfileDoc[]) {
      input.push(computeFeatures(p, asOf));
      const r = computeRawFeatures(p, asOf);
      raw.push(FEATURE_NAMES.map((f) => r[f] ?? NaN));
      ids.push(p._id);
    }
    onPage?.(ids.length);
  }
  return { input, raw, ids };
}
