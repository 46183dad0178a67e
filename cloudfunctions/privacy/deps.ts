/** What every privacy action gets: the database, the caller (from the WeChat context) and a clock. */
import type { Db } from '../common/db/wx-db';

/** Dependencies of a privacy action. */
export interface PrivacyDeps {
  db: Db;
  /** `cloud.getWXContext().OPENID` — never from the payload. */
  openid: string;
  now: () => number;
}
