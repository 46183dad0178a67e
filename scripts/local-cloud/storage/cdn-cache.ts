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
 * (`QX_CDN_ON_OVERWRITE=fresh`) serves an overwrite's new bytes to every link at once. The cache
 * outlives a restart, kill -9 included (cdn-journal.ts): a real CDN does not forget because our
 * server restarted, so links issued before the restart, and bytes kept for them, serve as they
 * would have until their `t`; the sweep at start drops what expired meanwhile. Not emulated: a CDN whose cache key ignores the query
 * string, where even a NEW link could serve bytes from before an overwrite — the product never
 * reads a path it overwrote (README, "Cloud storage and its CDN"), so it is safe under that too.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { CdnJournal, JOURNAL, type CdnRecord } from './cdn-journal';
import type { CdnRules } from './cdn-rules';

export {
  cdnOnDeleteRule,
  cdnOnOverwriteRule,
  type CdnOnDelete,
  type CdnOnOverwrite,
  type CdnRules,
} from './cdn-rules';

/** Bytes kept for the links of one deleted or overwritten file. */
interface Cached {
  /** `env\npath` of the file the bytes were. */
  key: string;
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
  private readonly journal: CdnJournal;

  /** `sync`: fsync each journal line (the storage's `durability: 'sync'`). */
  constructor(
    private readonly dir: string,
    readonly rules: CdnRules,
    private readonly nowSec: () => number,
    sync = false,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.journal = new CdnJournal(dir, sync);
    this.restore();
  }

  /** Record a link of `env`/`cloudPath` valid until `t` (no-op when both rules are lenient). */
  noteIssued(env: string, cloudPath: string, sign: string, t: number): void {
    if (this.rules.onDelete === 'purge' && this.rules.onOverwrite === 'fresh') return;
    this.sweep();
    const key = `${env}\n${cloudPath}`;
    this.journal.append({ k: 'i', key, sign, t });
    const links = this.issued.get(key) ?? new Map<string, number>();
    links.set(sign, t);
    this.issued.set(key, links);
  }

  /**
   * Delete the live file `liveFile` of `env`/`cloudPath`: moved into the cache when links to it are
   * unexpired (rule 'serve'), unlinked otherwise. False when it did not exist.
   */
  async remove(env: string, cloudPath: string, liveFile: string): Promise<boolean> {
    const { key, links, had } = this.takeLinks(env, cloudPath, this.rules.onDelete === 'serve');
    try {
      if (links.length) await this.keep(key, links, (file) => fs.promises.rename(liveFile, file));
      else {
        await fs.promises.unlink(liveFile);
        if (had) this.journal.append({ k: 'd', key });
      }
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
    const { key, links, had } = this.takeLinks(env, cloudPath, this.rules.onOverwrite === 'serve');
    if (!links.length) {
      if (had) this.journal.append({ k: 'd', key });
      return;
    }
    try {
      await this.keep(key, links, (file) => fs.promises.link(liveFile, file));
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
  private takeLinks(
    env: string,
    cloudPath: string,
    serve: boolean,
  ): { key: string; links: Array<[string, number]>; had: boolean } {
    this.sweep();
    const key = `${env}\n${cloudPath}`;
    const now = this.nowSec();
    const had = this.issued.has(key);
    const links = [...(this.issued.get(key) ?? [])].filter(([sign, t]) => t >= now && !this.served.has(sign));
    this.issued.delete(key);
    return { key, links: serve ? links : [], had };
  }

  /**
   * Keep the bytes `put` places in a new cache file for `links`. The journal line goes first: if
   * the process dies before the file is in place, replay finds no file and ignores the line.
   */
  private async keep(
    key: string,
    links: Array<[string, number]>,
    put: (file: string) => Promise<void>,
  ): Promise<void> {
    const name = crypto.randomBytes(12).toString('hex');
    const until = Math.max(...links.map(([, t]) => t));
    this.journal.append({ k: 'c', key, file: name, until, signs: links.map(([sign]) => sign) });
    const file = path.join(this.dir, name);
    await put(file);
    const entry: Cached = { key, file, until };
    for (const [sign] of links) this.served.set(sign, entry);
  }

  /** Rebuild the cache from the journal, drop what expired and files nothing names, compact. */
  private restore(): void {
    for (const rec of this.journal.replay()) this.apply(rec);
    this.lastSweep = -Infinity;
    this.sweep(true);
    const named = new Set([...this.served.values()].map((c) => path.basename(c.file)));
    for (const name of fs.readdirSync(this.dir)) {
      if (name !== JOURNAL && !named.has(name))
        fs.rmSync(path.join(this.dir, name), { force: true, recursive: true });
    }
  }

  private apply(rec: CdnRecord): void {
    if (rec.k === 'i') {
      const links = this.issued.get(rec.key) ?? new Map<string, number>();
      links.set(rec.sign, rec.t);
      this.issued.set(rec.key, links);
    } else if (rec.k === 'd') {
      this.issued.delete(rec.key);
    } else if (
      rec.k === 'c' &&
      /^[0-9a-f]{24}$/.test(rec.file) &&
      fs.existsSync(path.join(this.dir, rec.file))
    ) {
      this.issued.delete(rec.key);
      const entry: Cached = { key: rec.key, file: path.join(this.dir, rec.file), until: rec.until };
      for (const sign of rec.signs) this.served.set(sign, entry);
    }
  }

  /** The state as journal lines: kept bytes first (each clears its path's links), then live links. */
  private snapshot(): CdnRecord[] {
    const kept = new Map<Cached, string[]>();
    for (const [sign, hit] of this.served) kept.set(hit, [...(kept.get(hit) ?? []), sign]);
    const out: CdnRecord[] = [...kept].map(([hit, signs]) => ({
      k: 'c',
      key: hit.key,
      file: path.basename(hit.file),
      until: hit.until,
      signs,
    }));
    for (const [key, links] of this.issued) for (const [sign, t] of links) out.push({ k: 'i', key, sign, t });
    return out;
  }

  /**
   * Forget expired links and drop cached files no unexpired link serves; rewrite the journal when
   * that changed anything or it has grown past twice the state (`force`: at start, always).
   */
  private sweep(force = false): void {
    const now = this.nowSec();
    // A clock moved back (tests) sweeps at once rather than in a while.
    if (now >= this.lastSweep && now < this.lastSweep + SWEEP_EVERY_S) return;
    this.lastSweep = now;
    let changed = force;
    for (const [key, links] of this.issued) {
      for (const [sign, t] of links) {
        if (t >= now) continue;
        links.delete(sign);
        changed = true;
      }
      if (!links.size) this.issued.delete(key);
    }
    for (const [sign, hit] of this.served) {
      if (hit.until >= now) continue;
      this.served.delete(sign);
      changed = true;
      fs.rmSync(hit.file, { force: true });
    }
    const size = this.served.size + [...this.issued.values()].reduce((n, l) => n + l.size, 0);
    if (changed || this.journal.appended > 2 * size + 64) this.journal.rewrite(this.snapshot());
  }
}
