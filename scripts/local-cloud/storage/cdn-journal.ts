/**
 * The CDN cache's record on disk (`<dataDir>/storage-cdn/journal.jsonl`), so that what a link
 * serves does not change because the local cloud restarted: a real CDN keeps its edges whatever
 * our server does. One JSON line per change, appended before the change is acknowledged (kill -9
 * keeps a finished `write`; `sync` also fsyncs, as the file store does), replayed at start and
 * rewritten whole (temp file + rename) when the cache sweeps. A torn last line (an OS crash
 * mid-append) is skipped: the change it described was never acknowledged.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * One change of the cache. `i`: a link (`sign`, expiry `t`) of the path `key` was issued. `c`:
 * the bytes in cache file `file` serve `signs` until `until`, and the path's earlier links were
 * taken (written BEFORE the file is put in place: replay ignores a `c` whose file is missing,
 * since the delete or overwrite it announced never happened). `d`: the path's links were taken
 * and none keeps bytes (a delete or overwrite under a lenient rule, or with every link expired).
 */
export type CdnRecord =
  | { k: 'i'; key: string; sign: string; t: number }
  | { k: 'c'; key: string; file: string; until: number; signs: string[] }
  | { k: 'd'; key: string };

/** The name of the journal inside the cache folder (never a cache file's name: those are hex). */
export const JOURNAL = 'journal.jsonl';

/** Appends, replays and rewrites the journal of one cache folder. */
export class CdnJournal {
  private readonly file: string;
  /** Lines appended since the last rewrite (the cache rewrites once they outnumber its state). */
  appended = 0;

  constructor(
    dir: string,
    private readonly sync: boolean,
  ) {
    this.file = path.join(dir, JOURNAL);
  }

  /** Every record the journal holds, oldest first; unreadable lines are skipped. */
  replay(): CdnRecord[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: CdnRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line) as CdnRecord);
      } catch {
        // a line torn by an OS crash: its change was never acknowledged
      }
    }
    return out;
  }

  /** Append one record; returns once the OS has it (fsynced under `sync`). */
  append(rec: CdnRecord): void {
    const fd = fs.openSync(this.file, 'a');
    try {
      fs.writeSync(fd, `${JSON.stringify(rec)}\n`);
      if (this.sync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.appended++;
  }

  /** Replace the journal with `recs` (a crash leaves the old journal or the new, both whole). */
  rewrite(recs: CdnRecord[]): void {
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, recs.map((r) => `${JSON.stringify(r)}\n`).join(''));
      if (this.sync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    this.appended = 0;
  }
}
