/**
 * The storage actions @cloudbase/node-sdk sends to `/admin` (read from its storage module):
 * `storage.getUploadMetadata` (→ a signed PUT grant for one path), `storage.batchGetDownloadUrl`
 * (→ expiring signed temp URLs), `storage.batchDeleteFile`. Per-file failures are per-file codes,
 * as the service answers, so one bad fileID never hides the others' results.
 */
import type { ActionRegistry, AdminRequest } from '../server/actions';
import { errorEnvelope, okEnvelope } from '../server/envelope';
import { bucketOf, checkCloudPath, fileIdOf, InvalidCloudPathError, parseFileId } from './cloud-path';
import type { StorageService } from './storage-service';

/** The service caps a batch at 50 files. */
export const MAX_BATCH = 50;
/** Upload grants live 10 minutes. */
export const UPLOAD_GRANT_SECONDS = 600;
/**
 * The longest a temp URL of a private file works, whatever `maxAge` asked: WeChat's current
 * getTempFileURL reference says "私有的文件获取的链接十分钟有效期" (links of public-read files never
 * expire), while its older server API page let `maxAge` choose up to one day (the default). Every
 * file here is private, and 10 minutes is the stricter reading: a product that promises a longer
 * link would be wrong in production.
 */
export const MAX_URL_AGE = 600;

function envOf(req: AdminRequest): string {
  const e = req.body.envName ?? req.query.get('env');
  return typeof e === 'string' && e ? e : 'local';
}

type Entry = Record<string, unknown>;

async function downloadEntry(svc: StorageService, raw: unknown, nowSec: number): Promise<Entry> {
  const item = (raw && typeof raw === 'object' ? raw : {}) as Entry;
  const fileID = item.fileid;
  let parsed: { env: string; path: string };
  try {
    parsed = parseFileId(fileID);
  } catch (err) {
    return { fileID, code: 'INVALID_PARAM', message: (err as Error).message, tempFileURL: '' };
  }
  if ((await svc.files.stat(parsed.env, parsed.path)) === null)
    return { fileID, code: 'STORAGE_FILE_NONEXIST', message: 'file does not exist', tempFileURL: '' };
  const maxAge =
    Number.isInteger(item.max_age) && (item.max_age as number) > 0
      ? Math.min(item.max_age as number, MAX_URL_AGE)
      : MAX_URL_AGE;
  return {
    fileID,
    code: 'SUCCESS',
    maxAge,
    tempFileURL: svc.downloadUrl(parsed.env, parsed.path, nowSec + maxAge),
  };
}

async function deleteEntry(svc: StorageService, fileID: unknown): Promise<Entry> {
  try {
    const { env, path } = parseFileId(fileID);
    return { fileID, code: (await svc.remove(env, path)) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
  } catch (err) {
    if (err instanceof InvalidCloudPathError) return { fileID, code: 'INVALID_PARAM', message: err.message };
    throw err;
  }
}

function list(req: AdminRequest, field: string): unknown[] | string {
  const l = req.body[field];
  if (!Array.isArray(l) || l.length === 0) return `${field} must be a non-empty array`;
  if (l.length > MAX_BATCH) return `${field} holds more than ${MAX_BATCH} files`;
  return l;
}

/** Register the storage actions on `registry`. */
export function registerStorageActions(registry: ActionRegistry, svc: StorageService): void {
  registry.register('storage.getUploadMetadata', async (req) => {
    const env = envOf(req);
    const path = req.body.path;
    try {
      checkCloudPath(path);
      svc.files.fileOf(env, path as string);
    } catch (err) {
      return errorEnvelope('INVALID_PARAM', (err as Error).message);
    }
    const p = path as string;
    const grant = svc.signer.uploadGrant(env, p, svc.nowSec() + UPLOAD_GRANT_SECONDS);
    return okEnvelope({
      data: {
        url: svc.uploadUrl(env, p),
        ...grant,
        fileId: fileIdOf(env, p), // Sent back as a header by the SDK: it must stay ASCII.
        cosFileId: encodeURIComponent(`${bucketOf(env)}/${p}`),
      },
    });
  });
  registry.register('storage.batchGetDownloadUrl', async (req) => {
    const l = list(req, 'file_list');
    if (typeof l === 'string') return errorEnvelope('INVALID_PARAM', l);
    const now = svc.nowSec();
    return okEnvelope({
      data: { download_list: await Promise.all(l.map((i) => downloadEntry(svc, i, now))) },
    });
  });
  registry.register('storage.batchDeleteFile', async (req) => {
    const l = list(req, 'fileid_list');
    if (typeof l === 'string') return errorEnvelope('INVALID_PARAM', l);
    const out: Entry[] = [];
    for (const id of l) out.push(await deleteEntry(svc, id));
    return okEnvelope({ data: { delete_list: out } });
  });
}
