/**
 * What a temp URL handed out before a delete or an overwrite still serves. CloudBase serves temp
 * URLs through its storage CDN and documents neither a purge on `deleteFile` nor one when an
 * upload replaces a file: whether an edge that holds the file keeps serving it until the link
 * expires (10 minutes at most) is not stated. The local cloud's default is that stricter reading,
 * rule 'serve' for both (cdn-rules.ts): a delete moves the bytes of a file with unexpired links
 * into the cache, an overwrite hard-links them there before the new file takes the path, and
 * every link issued BEFORE the change keeps serving those old bytes until its own `t` (even once
 * a new file is stored under the path: a cache answers per URL). A link issued after the change
 * is another URL and is never served from the cache — unless it is the very same URL: a link's
 * sign depends only on the path and `t`, so two links of one path issued in the same second are
 * one URL, and one issued in the second of an overwrite, after it, serves what the cache holds
 * for it (as a CDN keyed by URL would). The lenient readings: `cdnOnDelete: 'purge'`
 * (`QX_CDN_ON_DELETE=purge`) ends every link at a delete, `cdnOnOverwrite: 'fresh'`
 * (`QX_CDN_ON_OVERWRITE=fresh`) serves an overwrite's new bytes to every link at once. A restart
 * keeps no cache (it drops the folder). Not emulated: a CDN whose cache key ignores the query
 * string, where even a NEW link could serve bytes from before an overwrite — the product never
 * reads a path it overwrote (README, "Cloud storage and its CDN"), so it is safe under that too.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { CdnRules } from './cdn-rules';

export { cdnOnDeleteRule, cdnOnOverwriteRule, type CdnOnDelete, type CdnOnOverwrite, type CdnRules } from './cdn-rules';

/** Bytes kept for the links of one deleted or overwritten file. */
interface Cached {
  file: string;
  /** The latest `t` of its links: the file goes once that passes. */
  until: number;
}

/** Seconds between sweeps of expired links and cached files. */
const SWEEP_EVERY_S = 30;

/** The links issued per file and the bytes deleted or replaced files left for them. */
export class CdnCache {
  /** `env\npath` → sign → t, for links not yet expired. */
  private readonly issued = new Map<string, Map<string, number>>();
  /** sign → the cached bytes it serves. */
  private readonly served = new Map<string, Cached>();
  private lastSweep = -Infinity;

  constructor(
    private readonly dir: string,
    readonly rules: CdnRules,
    private readonly nowSec: () => number,
  ) {
    // A cache outlives no restart: what a killed process left is dropped.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Record a link of `env`/`cloudPath` valid until `t` (no-op when both rules are lenient). */
  noteIssued(env: string, cloudPath: string, sign: string, t: number): void {
    if (this.rules.onDelete === 'purge' && this.rules.onOverwrite === 'fresh') return;
    this.sweep();
    const key = `${env}\n${cloudPath}`;
    const links = this.issued.get(key) ?? new Map<string, number>();
    links.set(sign, t);
    this.issued.set(key, links);
  }

  /**
   * Delete the live file `liveFile` of `env`/`cloudPath`: moved into the cache when links to it are
   * unexpired (rule 'serve'), unlinked otherwise. False when it did not exist.
   */
  async remove(env: string, cloudPath: string, liveFile: string): Promise<boolean> {
    const links = this.takeLinks(env, cloudPath, this.rules.onDelete === 'serve');
    try {
      if (!links.length) await fs.promises.unlink(liveFile);
      else this.keep(links, await this.into((file) => fs.promises.rename(liveFile, file)));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /**
   * Called just before a new file replaces `liveFile` of `env`/`cloudPath`: under rule 'serve' the
   * current bytes stay, hard-linked into the cache, for the links issued so far. Nothing when the
   * path holds no file yet or no link to it is unexpired.
   */
  async retire(env: string, cloudPath: string, liveFile: string): Promise<void> {
    const links = this.takeLinks(env, cloudPath, this.rules.onOverwrite === 'serve');
    if (!links.length) return;
    try {
      this.keep(links, await this.into((file) => fs.promises.link(liveFile, file)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  /** The cached file a link with `sign` and expiry `t` serves, or null (then the live file). */
  lookup(sign: string, t: number): string | null {
    this.sweep();
    const hit = this.served.get(sign);
    return hit && t >= this.nowSec() ? hit.file : null;
  }

  /**
   * The unexpired links of a path that are to keep its current bytes (none unless `serve`); the
   * path's list starts again. A link the cache already answers keeps what it serves.
   */
  private takeLinks(env: string, cloudPath: string, serve: boolean): Array<[string, number]> {
    this.sweep();
    const key = `${env}\n${cloudPath}`;
    const now = this.nowSec();
    const links = [...(this.issued.get(key) ?? [])].filter(([sign, t]) => t >= now && !this.served.has(sign));
    this.issued.delete(key);
    return serve ? links : [];
  }

  /** A new file of the cache, filled by `put`. */
  private async into(put: (file: string) => Promise<void>): Promise<string> {
    const file = path.join(this.dir, crypto.randomBytes(12).toString('hex'));
    await put(file);
    return file;
  }

  private keep(links: Array<[string, number]>, file: string): void {
    const entry: Cached = { file, until: Math.max(...links.map(([, t]) => t)) };
    for (const [sign] of links) this.served.set(sign, entry);
  }

  /** Forget expired links and drop cached files no unexpired link serves. */
  private sweep(): void {
    const now = this.nowSec();
    // A clock moved back (tests) sweeps at once rather than in a while.
    if (now >= this.lastSweep && now < this.lastSweep + SWEEP_EVERY_S) return;
    this.lastSweep = now;
    for (const [key, links] of this.issued) {
      for (const [sign, t] of links) if (t < now) links.delete(sign);
      if (!links.size) this.issued.delete(key);
    }
    for (const [sign, hit] of this.served) {
      if (hit.until >= now) continue;
      this.served.delete(sign);
      fs.rmSync(hit.file, { force: true });
    }
  }
}
