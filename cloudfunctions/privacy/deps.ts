/** What every privacy action gets: the database, cloud storage, the caller (from the WeChat context) and a clock. */
import type { Db } from '../common/db/wx-db';
import type { ModelFiles } from '../common/model-store/ports';

/** Dependencies of a privacy action. */
export interface PrivacyDeps {
  db: Db;
  /** Cloud storage: an erasure deletes ended job runs' checkpoints. */
  files: Pick<ModelFiles, 'remove'>;
  /** `cloud.getWXContext().OPENID` — never from the payload. */
  openid: string;
  now: () => number;
}
