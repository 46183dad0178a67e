import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CdnCache, type CdnOnDelete, type CdnOnOverwrite } from './cdn-cache';

let dir: string;
let now = 1_000;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-cdn-'));
  now = 1_000;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The cache's files of kept bytes (not its journal). */
const cached = () => fs.readdirSync(path.join(dir, 'cdn')).filter((n) => n !== 'journal.jsonl');

function setup(onDelete: CdnOnDelete, onOverwrite: CdnOnOverwrite = 'serve') {
  const cache = new CdnCache(path.join(dir, 'cdn'), { onDelete, onOverwrite }, () => now);
  const live = path.join(dir, 'live.f');
  fs.writeFileSync(live, 'old bytes');
  return { cache, live, cached };
}

describe('CdnCache, rule serve (the default)', () => {
  it('serves a link issued before the delete the old bytes until its own expiry, and no other link', () => {
    const { cache, live, cached } = setup('serve');
    cache.noteIssued('local', 'exports/a.csv', 'sign-early', 1_300);
    cache.noteIssued('local', 'exports/a.csv', 'sign-late', 1_600);
    return cache.remove('local', 'exports/a.csv', live).then((removed) => {
      expect(removed).toBe(true);
      expect(fs.existsSync(live)).toBe(false); // gone from storage at once
      const file = cache.lookup('sign-early', 1_300);
      expect(file && fs.readFileSync(file, 'utf8')).toBe('old bytes');
      expect(cache.lookup('sign-late', 1_600)).toBe(file);
      // A link of the path issued after the delete is not in the cache.
      expect(cache.lookup('sign-after', 1_700)).toBeNull();
      now = 1_301;
      expect(cache.lookup('sign-early', 1_300)).toBeNull();
      expect(cache.lookup('sign-late', 1_600)).toBe(file);
      now = 1_601;
      expect(cache.lookup('sign-late', 1_600)).toBeNull();
      expect(cached()).toEqual([]); // the sweep dropped the bytes once the last link expired
    });
  });

  it('deletes outright a file whose links have all expired, or that never had one', async () => {
    const { cache, live, cached } = setup('serve');
    cache.noteIssued('local', 'a', 'sign-old', 999);
    expect(await cache.remove('local', 'a', live)).toBe(true);
    expect(fs.existsSync(live)).toBe(false);
    expect(cached()).toEqual([]);
    expect(cache.lookup('sign-old', 999)).toBeNull();
    expect(await cache.remove('local', 'a', live)).toBe(false);
  });

  it("keys links by path: another file's delete leaves them alone", async () => {
    const { cache, live, cached } = setup('serve');
    cache.noteIssued('local', 'b', 'sign-b', 1_600);
    expect(await cache.remove('local', 'a', live)).toBe(true);
    expect(cached()).toEqual([]);
    expect(cache.lookup('sign-b', 1_600)).toBeNull();
  });

  it('drops at start a cache file no journal line names (a process killed mid-delete)', () => {
    fs.mkdirSync(path.join(dir, 'cdn'));
    fs.writeFileSync(path.join(dir, 'cdn', 'left'), 'x');
    setup('serve');
    expect(cached()).toEqual([]);
  });
});

/** The same cache folder opened again: what a restart of the local cloud does. */
const reopen = (onDelete: CdnOnDelete = 'serve', onOverwrite: CdnOnOverwrite = 'serve') =>
  new CdnCache(path.join(dir, 'cdn'), { onDelete, onOverwrite }, () => now);

describe('CdnCache across a restart', () => {
  it('serves a link issued before a delete the old bytes after a restart, until its own expiry', async () => {
    const { cache, live, cached } = setup('serve');
    cache.noteIssued('local', 'exports/a.csv', 'sign-early', 1_300);
    await cache.remove('local', 'exports/a.csv', live);
    const after = reopen();
    const file = after.lookup('sign-early', 1_300);
    expect(file && fs.readFileSync(file, 'utf8')).toBe('old bytes');
    expect(after.lookup('sign-after', 1_700)).toBeNull();
    now = 1_301;
    const later = reopen(); // the sweep at start drops what expired while it was down
    expect(later.lookup('sign-early', 1_300)).toBeNull();
    expect(cached()).toEqual([]);
  });

  it('remembers links issued before a restart for a delete or an overwrite after it', async () => {
    const { cache, live } = setup('serve');
    cache.noteIssued('local', 'exports/a.csv', 'sign-early', 1_300);
    const after = reopen();
    await overwrite(after, live, 'new bytes');
    expect(fs.readFileSync(after.lookup('sign-early', 1_300)!, 'utf8')).toBe('old bytes');
    after.noteIssued('local', 'exports/a.csv', 'sign-middle', 1_400);
    const again = reopen();
    await again.remove('local', 'exports/a.csv', live);
    const last = reopen();
    expect(fs.readFileSync(last.lookup('sign-middle', 1_400)!, 'utf8')).toBe('new bytes');
    expect(fs.readFileSync(last.lookup('sign-early', 1_300)!, 'utf8')).toBe('old bytes');
  });

  it('does not bring back links a purge ended, nor keep bytes for a change that never happened', async () => {
    const { cache, live } = setup('purge');
    cache.noteIssued('local', 'a', 'sign', 1_600);
    await cache.remove('local', 'a', live);
    fs.writeFileSync(live, 'second file');
    const after = reopen('serve');
    await after.remove('local', 'a', live);
    expect(reopen().lookup('sign', 1_600)).toBeNull(); // ended by the purge, not revived
    // A `c` line whose file never arrived (killed before the rename): ignored, the links stay.
    fs.writeFileSync(live, 'third file');
    const j = path.join(dir, 'cdn', 'journal.jsonl');
    fs.appendFileSync(j, `${JSON.stringify({ k: 'i', key: 'local\na', sign: 's2', t: 1_600 })}\n`);
    fs.appendFileSync(
      j,
      `${JSON.stringify({ k: 'c', key: 'local\na', file: 'ab'.repeat(12), until: 1_600, signs: ['s2'] })}\n`,
    );
    fs.appendFileSync(j, '{"k":"i","key":"torn'); // an OS crash mid-append
    const replayed = reopen();
    expect(replayed.lookup('s2', 1_600)).toBeNull();
    await replayed.remove('local', 'a', live);
    expect(fs.readFileSync(reopen().lookup('s2', 1_600)!, 'utf8')).toBe('third file');
  });
});

/** What `FileStore.write` does around the hook: the new bytes take the path after `retire`. */
async function overwrite(cache: CdnCache, live: string, bytes: string): Promise<void> {
  await cache.retire('local', 'exports/a.csv', live);
  const tmp = `${live}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, live);
}

describe('CdnCache on overwrite, rule serve (the default)', () => {
  it('serves links issued before an overwrite the old bytes until their own expiry; the live file is new', async () => {
    const { cache, live, cached } = setup('serve');
    cache.noteIssued('local', 'exports/a.csv', 'sign-early', 1_300);
    await overwrite(cache, live, 'new bytes');
    expect(fs.readFileSync(live, 'utf8')).toBe('new bytes');
    const file = cache.lookup('sign-early', 1_300);
    expect(file && fs.readFileSync(file, 'utf8')).toBe('old bytes');
    expect(cache.lookup('sign-after', 1_600)).toBeNull(); // a new link reads the live file
    // A second overwrite: the link issued between the two keeps the middle bytes, the first its own.
    cache.noteIssued('local', 'exports/a.csv', 'sign-middle', 1_600);
    await overwrite(cache, live, 'newest bytes');
    expect(fs.readFileSync(cache.lookup('sign-middle', 1_600)!, 'utf8')).toBe('new bytes');
    expect(fs.readFileSync(cache.lookup('sign-early', 1_300)!, 'utf8')).toBe('old bytes');
    now = 1_601;
    expect(cache.lookup('sign-middle', 1_600)).toBeNull();
    expect(cached()).toEqual([]);
  });

  it('keeps nothing for a first upload, nor when every link has expired', async () => {
    const { cache, live, cached } = setup('serve');
    fs.rmSync(live);
    cache.noteIssued('local', 'exports/a.csv', 'sign', 1_300);
    await overwrite(cache, live, 'first bytes'); // no file at the path yet
    expect(cached()).toEqual([]);
    cache.noteIssued('local', 'exports/a.csv', 'sign-old', 999);
    await overwrite(cache, live, 'second bytes');
    expect(cached()).toEqual([]);
    expect(cache.lookup('sign-old', 999)).toBeNull();
  });
});

describe('CdnCache on overwrite, rule fresh', () => {
  it('serves every link the new bytes at once, and still keeps old bytes for a delete', async () => {
    const { cache, live, cached } = setup('serve', 'fresh');
    cache.noteIssued('local', 'exports/a.csv', 'sign', 1_300);
    await overwrite(cache, live, 'new bytes');
    expect(cached()).toEqual([]);
    expect(cache.lookup('sign', 1_300)).toBeNull();
    cache.noteIssued('local', 'exports/a.csv', 'sign-2', 1_400);
    await cache.remove('local', 'exports/a.csv', live);
    expect(fs.readFileSync(cache.lookup('sign-2', 1_400)!, 'utf8')).toBe('new bytes');
  });
});

describe('CdnCache, rule purge', () => {
  it('ends every link at the delete', async () => {
    const { cache, live, cached } = setup('purge');
    cache.noteIssued('local', 'exports/a.csv', 'sign', 1_600);
    expect(await cache.remove('local', 'exports/a.csv', live)).toBe(true);
    expect(fs.existsSync(live)).toBe(false);
    expect(cached()).toEqual([]);
    expect(cache.lookup('sign', 1_600)).toBeNull();
  });
});
