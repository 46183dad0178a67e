/**
 * The local cloud's cloud storage: durable files ({@link FileStore}), the key that signs upload
 * grants and temp URLs ({@link StorageSigner}), and the URLs of the two HTTP doors
 * (`PUT /storage/upload/…`, `GET|HEAD /storage/file/…`, see storage-routes.ts).
 */
import { FileStore, type FileStoreOptions } from './file-store';
import { StorageSigner } from './signer';

/** Path prefixes of the storage's HTTP routes. */
export const UPLOAD_PREFIX = '/storage/upload/';
export const FILE_PREFIX = '/storage/file/';

/** Options of {@link StorageService}. */
export interface StorageOptions extends FileStoreOptions {
  /** Clock in unix seconds (tests move it to expire grants and URLs). */
  nowSec?: () => number;
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** Storage state of one local cloud. */
export class StorageService {
  readonly files: FileStore;
  readonly signer: StorageSigner;
  readonly nowSec: () => number;
  /** Set once the server listens. */
  baseUrl = '';

  constructor(dataDir: string, opts: StorageOptions = {}) {
    this.files = new FileStore(dataDir, opts);
    this.signer = StorageSigner.forDataDir(dataDir);
    this.nowSec = opts.nowSec ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Where the SDK PUTs `path` (segments percent-encoded: the SDK sends the URL as given). */
  uploadUrl(env: string, path: string): string {
    return `${this.baseUrl}${UPLOAD_PREFIX}${env}/${encodePath(path)}`;
  }

  /**
   * A temp URL of `path` valid until `t`. The path stays unencoded, as the service's temp URLs
   * are: the SDK runs them through encodeURI before fetching.
   */
  downloadUrl(env: string, path: string, t: number): string {
    return `${this.baseUrl}${FILE_PREFIX}${env}/${path}?sign=${this.signer.downloadSign(env, path, t)}&t=${t}`;
  }
}
