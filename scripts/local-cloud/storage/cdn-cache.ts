/**
 * What a temp URL handed out before a delete still serves. CloudBase serves temp URLs through its
 * storage CDN and documents no purge on `deleteFile`: whether an edge that holds the file keeps
 * serving it until the link expires (10 minutes at most) is not stated. The local cloud's default
 * is that stricter reading, rule 'serve': a delete moves the bytes of a file with unexpired links
 * into the cache, and every link issued BEFORE the delete keeps serving those old bytes until its
 * own `t` (even once a new file is stored under the path: a cache answers per URL). A link issued
 * after the delete is another URL and is never served from the cache. Rule 'purge'
 * (`cdnOnDelete: 'purge'` or `QX_CDN_ON_DELETE=purge`): a delete ends every link at once, the
 * lenient reading, for tests that need it. Not emulated: a link serving old bytes after an
 * OVERWRITE (links read the live file), and a restart keeps no cache (it drops the folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

/** See the module comment. */
export type CdnOnDelete = 'serve' | 'purge';

/** The rule `opt` asks for, else `QX_CDN_ON_DELETE`, else 'serve'; anything else is refused. */
export function cdnOnDeleteRule(opt?: CdnOnDelete): CdnOnDelete {
  const m = opt ?? (process.env.QX_CDN_ON_DELETE || 'serve');
  if (m !== 'serve' && m !== 'purge') throw new Error(`QX_CDN_ON_DELETE must be serve or purge, not ${JSON.stringify(m)}`);
  return m;
}

/** Bytes kept for the links of one deleted file. */
interface Cached {
  file: string;
  /** The latest `t` of its links: the file goes once that passes. */
  until: number;
}

/** Seconds between sweeps of expired links and cached files. */
const SWEEP_EVERY_S = 30;

/** The links issued per file and the bytes deleted files left for them. */
export class CdnCache {
  /** `env\npath` → sign → t, for links not yet expired. */
  private readonly issued = new Map<string, Map<string, number>>();
  /** sign → the cached bytes it serves. */
  private readonly served = new Map<string, Cached>();
  private lastSweep = -Infinity;

  constructor(
    private readonly dir: string,
    readonly rule: CdnOnDelete,
    private readonly nowSec: () => number,
  ) {
    // A cache outlives no restart: what a killed process left is dropped.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Record a link of `env`/`cloudPath` valid until `t` (no-op under 'purge'). */
  noteIssued(env: string, cloudPath: string, sign: string, t: number): void {
    if (this.rule === 'purge') return;
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
    this.sweep();
    const key = `${env}\n${cloudPath}`;
    const now = this.nowSec();
    const links = [...(this.issued.get(key) ?? [])].filter(([, t]) => t >= now);
    this.issued.delete(key);
    try {
      if (!links.length) {
        await fs.promises.unlink(liveFile);
        return true;
      }
      const file = path.join(this.dir, crypto.randomBytes(12).toString('hex'));
      await fs.promises.rename(liveFile, file);
      const entry: Cached = { file, until: Math.max(...links.map(([, t]) => t)) };
      for (const [sign] of links) this.served.set(sign, entry);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  /** The cached file a link with `sign` and expiry `t` serves, or null (then the live file). */
  lookup(sign: string, t: number): string | null {
    this.sweep();
    const hit = this.served.get(sign);
    return hit && t >= this.nowSec() ? hit.file : null;
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
