/**
 * The local cloud's cloud storage: durable files ({@link FileStore}), the key that signs upload
 * grants and temp URLs ({@link StorageSigner}), what links issued before a delete or an overwrite still serve
 * ({@link CdnCache}), and the URLs of the two HTTP doors (`PUT /storage/upload/…`,
 * `GET|HEAD /storage/file/…`, see storage-routes.ts).
 */
import path from 'node:path';
import type { Readable } from 'node:stream';
import { CdnCache, cdnOnDeleteRule, cdnOnOverwriteRule, type CdnOnDelete, type CdnOnOverwrite } from './cdn-cache';
import { FileStore, type FileStoreOptions } from './file-store';
import { StorageSigner } from './signer';

/** Path prefixes of the storage's HTTP routes. */
export const UPLOAD_PREFIX = '/storage/upload/';
export const FILE_PREFIX = '/storage/file/';

/** Options of {@link StorageService}. */
export interface StorageOptions extends FileStoreOptions {
  /** Clock in unix seconds (tests move it to expire grants and URLs). */
  nowSec?: () => number;
  /** Whether links issued before a delete serve the old bytes until they expire (default `QX_CDN_ON_DELETE`, else 'serve'; cdn-cache.ts). */
  cdnOnDelete?: CdnOnDelete;
  /** Whether links issued before an overwrite serve the old bytes until they expire (default `QX_CDN_ON_OVERWRITE`, else 'serve'; cdn-cache.ts). */
  cdnOnOverwrite?: CdnOnOverwrite;
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** Storage state of one local cloud. */
export class StorageService {
  readonly files: FileStore;
  readonly signer: StorageSigner;
  readonly nowSec: () => number;
  readonly cdn: CdnCache;
  /** Set once the server listens. */
  baseUrl = '';

  constructor(dataDir: string, opts: StorageOptions = {}) {
    this.files = new FileStore(dataDir, opts);
    this.signer = StorageSigner.forDataDir(dataDir);
    this.nowSec = opts.nowSec ?? (() => Math.floor(Date.now() / 1000));
    // Beside `storage/`, not in it: these bytes are no longer stored, only still served.
    const rules = { onDelete: cdnOnDeleteRule(opts.cdnOnDelete), onOverwrite: cdnOnOverwriteRule(opts.cdnOnOverwrite) };
    this.cdn = new CdnCache(path.join(dataDir, 'storage-cdn'), rules, this.nowSec, opts.durability === 'sync');
  }

  /** Store `body` as `cloudPath` of `env`; links to the file it replaces may keep serving that ({@link CdnCache}). */
  write(env: string, cloudPath: string, body: Readable): Promise<number> {
    return this.files.write(env, cloudPath, body, (live) => this.cdn.retire(env, cloudPath, live));
  }

  /** Delete `cloudPath` of `env` (its earlier links may keep serving it: {@link CdnCache}); false when absent. */
  remove(env: string, cloudPath: string): Promise<boolean> {
    return this.cdn.remove(env, cloudPath, this.files.fileOf(env, cloudPath));
  }

  /** Where the SDK PUTs `path` (segments percent-encoded: the SDK sends the URL as given). */
  uploadUrl(env: string, path: string): string {
    return `${this.baseUrl}${UPLOAD_PREFIX}${env}/${encodePath(path)}`;
  }

  /**
   * A temp URL of `path` valid until `t`. The path stays unencoded, as the service's temp URLs
   * are: the SDK runs them through encodeURI before fetching.
   */
  downloadUrl(env: string, cloudPath: string, t: number): string {
    const sign = this.signer.downloadSign(env, cloudPath, t);
    this.cdn.noteIssued(env, cloudPath, sign, t);
    return `${this.baseUrl}${FILE_PREFIX}${env}/${cloudPath}?sign=${sign}&t=${t}`;
  }
}
