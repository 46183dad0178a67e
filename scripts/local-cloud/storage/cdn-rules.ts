/**
 * The two readings of CloudBase storage's CDN the local cloud can take, each where the service's
 * behaviour is undocumented (cdn-cache.ts): what a temp URL handed out before a DELETE, or before an
 * OVERWRITE (an upload to the same cloud path), serves until it expires. The default of each is
 * the stricter reading, 'serve': the old bytes.
 */
import { envChoice } from '../../../cloudfunctions/common/db/env-choice';

/** After a delete: 'serve' the old bytes to earlier links until they expire, or 'purge' (404 at once). */
export type CdnOnDelete = 'serve' | 'purge';

/** After an overwrite: 'serve' the old bytes to earlier links until they expire, or 'fresh' (the new bytes at once). */
export type CdnOnOverwrite = 'serve' | 'fresh';

/** The rule `opt` asks for, else `QX_CDN_ON_DELETE`, else 'serve'; anything else is refused. */
export const cdnOnDeleteRule = (opt?: CdnOnDelete): CdnOnDelete => envChoice('QX_CDN_ON_DELETE', ['serve', 'purge'], opt, 'serve');

/** The rule `opt` asks for, else `QX_CDN_ON_OVERWRITE`, else 'serve'; anything else is refused. */
export const cdnOnOverwriteRule = (opt?: CdnOnOverwrite): CdnOnOverwrite =>
  envChoice('QX_CDN_ON_OVERWRITE', ['serve', 'fresh'], opt, 'serve');

/** Both rules of one storage. */
export interface CdnRules {
  onDelete: CdnOnDelete;
  onOverwrite: CdnOnOverwrite;
}
