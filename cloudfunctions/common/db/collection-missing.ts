/**
 * A collection the code needs does not exist. CloudBase answers a read or write of a collection
 * nobody created with DATABASE_COLLECTION_NOT_EXIST (wx-server-sdk errCode -502005); a fresh
 * environment has none until `npm run db:init` creates them (it also prints the indexes and
 * security rules to set in the console).
 *
 * Why a function does not create the collection itself: a collection created on the fly has
 * CloudBase's default security rule and none of the schema's indexes, so the shop would run
 * slowly, or readable in ways the schema forbids, without anyone being told. Failing with one
 * stable code that names the fix is what a developer can act on, and the caller loses nothing:
 * the tracker keeps its queue and timers retry.
 */
import { QxError } from '../contracts/errors';

/** wx-server-sdk's errCode for DATABASE_COLLECTION_NOT_EXIST. */
export const DB_COLLECTION_NOT_EXIST = -502005;

/** The database answered that `collection` does not exist: the environment is not initialised. */
export class CollectionMissingError extends QxError {
  override name = 'CollectionMissingError';
  constructor(
    readonly collection: string,
    readonly sdkMessage: string,
  ) {
    super('DB_NOT_INITIALIZED', `数据库未初始化：集合 ${collection} 不存在，请先运行 npm run db:init 创建集合`, { collection });
  }
}
