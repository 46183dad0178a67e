/**
 * Whether cloud storage still holds a file, asked the only way that tells: a NEW temp URL. A link
 * handed out before a delete may keep serving the old bytes until it expires (CloudBase's CDN is
 * not documented to purge on delete; the local cloud's default serves them, storage/cdn-cache.ts),
 * so an old link's answer says nothing about whether the file was deleted.
 */
import { adminFetch, type CloudCredentials } from '../../scripts/local-cloud';

/** The local cloud to ask (a FullCloud or a LocalCloud). */
export interface StorageHost {
  url: string;
  credentials: CloudCredentials;
}

/** True when storage would link `fileID` now, false when it answers STORAGE_FILE_NONEXIST. */
export async function isStored(cloud: StorageHost, fileID: string): Promise<boolean> {
  const res = await adminFetch(cloud.url, cloud.credentials, { action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: fileID, max_age: 60 }] });
  const body = (await res.json()) as { data?: { download_list?: Array<{ code: string }> } };
  const code = body.data?.download_list?.[0]?.code;
  if (code === 'SUCCESS') return true;
  if (code === 'STORAGE_FILE_NONEXIST') return false;
  throw new Error(`storage answered ${JSON.stringify(body).slice(0, 300)} for ${fileID}`);
}

/**
 * What a link handed out before its file was deleted may answer, until it expires: the file's
 * old bytes (the CDN's copy, the local cloud's default) or COS's 404 NoSuchKey (a purge). Both are
 * within the bound the README states; anything else (an error page, a file of another size) is
 * not. The flows know only the old file's size (the export's answer), so a 200 is checked by its
 * length; that the copy is the old file byte for byte is storage-sdk.test.ts's (cdn-cache.ts).
 */
export async function expectOldLinkWithinBound(url: string, oldBytes: number): Promise<void> {
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status === 200 && body.length === oldBytes) return;
  if (res.status === 404 && body.toString('utf8').includes('NoSuchKey')) return;
  throw new Error(`an old link answered ${res.status} with ${body.length} bytes (old file: ${oldBytes})`);
}
