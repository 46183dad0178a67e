/**
 * Files of the local cloud's storage, durable under `<dataDir>/storage/<env>/`. A write streams
 * to a temp file in the same file system and is renamed into place only when complete, so a
 * reader (or a restart after kill -9) sees the old file or the new one, never a torn one.
 * Each path segment gets a suffix on disk (`a/b` → `a.d/b.f`) so `a` and `a/b` can both exist,
 * as they can in COS.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { checkCloudPath } from './cloud-path';

/** Default size cap of one file (the model files are a few MB; a refit sample tens of MB). */
export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

/** An upload over the size cap. */
export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
  constructor(readonly limit: number) {
    super(`file exceeds the ${Math.round(limit / 1024 / 1024)} MB limit`);
  }
}

/** Options of {@link FileStore}. */
export interface FileStoreOptions {
  maxFileBytes?: number;
  /** `sync` fsyncs file and folder before acknowledging (survives an OS crash); default `process`. */
  durability?: 'sync' | 'process';
}

/** The files of all envs of one data dir. */
export class FileStore {
  readonly maxFileBytes: number;
  private readonly root: string;
  private readonly tmpDir: string;
  private readonly sync: boolean;

  constructor(dataDir: string, opts: FileStoreOptions = {}) {
    this.root = path.join(dataDir, 'storage');
    this.tmpDir = path.join(this.root, '.tmp');
    this.maxFileBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.sync = opts.durability === 'sync';
    // Temp files left by a killed process were never acknowledged: drop them.
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
    fs.mkdirSync(this.tmpDir, { recursive: true });
  }

  /** Where `cloudPath` of `env` lives on disk (the path is validated first). */
  fileOf(env: string, cloudPath: string): string {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(env)) throw new Error(`invalid env name: ${env.slice(0, 80)}`);
    const segs = checkCloudPath(cloudPath);
    const dirs = segs.slice(0, -1).map((s) => `${s}.d`);
    return path.join(this.root, env, ...dirs, `${segs[segs.length - 1]}.f`);
  }

  /**
   * Write `body` as `cloudPath` of `env` (replacing it); resolves with the size once durable.
   * `beforeReplace(target)` runs once the new bytes are complete, just before they take the path.
   */
  async write(
    env: string,
    cloudPath: string,
    body: Readable,
    beforeReplace?: (target: string) => Promise<void>,
  ): Promise<number> {
    const target = this.fileOf(env, cloudPath);
    const tmp = path.join(this.tmpDir, crypto.randomBytes(12).toString('hex'));
    const fh = await fs.promises.open(tmp, 'wx');
    let size = 0;
    try {
      for await (const chunk of body) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > this.maxFileBytes) throw new FileTooLargeError(this.maxFileBytes);
        await fh.write(buf);
      }
      if (this.sync) await fh.sync();
      await fh.close();
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await beforeReplace?.(target);
      await fs.promises.rename(tmp, target);
      if (this.sync) await syncDir(path.dirname(target));
      return size;
    } catch (err) {
      await fh.close().catch(() => undefined);
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
  }

  /** Size of a stored file, or null when absent. */
  async stat(env: string, cloudPath: string): Promise<number | null> {
    try {
      const st = await fs.promises.stat(this.fileOf(env, cloudPath));
      return st.isFile() ? st.size : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** A read stream of a stored file (call {@link stat} first). */
  open(env: string, cloudPath: string): fs.ReadStream {
    return fs.createReadStream(this.fileOf(env, cloudPath));
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
