import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CdnCache, cdnOnDeleteRule, type CdnOnDelete } from './cdn-cache';

let dir: string;
let now = 1_000;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-cdn-'));
  now = 1_000;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function setup(rule: CdnOnDelete) {
  const cache = new CdnCache(path.join(dir, 'cdn'), rule, () => now);
  const live = path.join(dir, 'live.f');
  fs.writeFileSync(live, 'old bytes');
  return { cache, live, cached: () => fs.readdirSync(path.join(dir, 'cdn')) };
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

  it('drops what a killed process cached when it starts', () => {
    fs.mkdirSync(path.join(dir, 'cdn'));
    fs.writeFileSync(path.join(dir, 'cdn', 'left'), 'x');
    setup('serve');
    expect(fs.readdirSync(path.join(dir, 'cdn'))).toEqual([]);
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

describe('cdnOnDeleteRule', () => {
  const saved = process.env.QX_CDN_ON_DELETE;
  afterEach(() => {
    if (saved === undefined) delete process.env.QX_CDN_ON_DELETE;
    else process.env.QX_CDN_ON_DELETE = saved;
  });

  it('takes the option, else QX_CDN_ON_DELETE, else serve; refuses anything else', () => {
    delete process.env.QX_CDN_ON_DELETE;
    expect(cdnOnDeleteRule()).toBe('serve');
    process.env.QX_CDN_ON_DELETE = 'purge';
    expect(cdnOnDeleteRule()).toBe('purge');
    expect(cdnOnDeleteRule('serve')).toBe('serve');
    process.env.QX_CDN_ON_DELETE = 'keep';
    expect(() => cdnOnDeleteRule()).toThrow(/QX_CDN_ON_DELETE must be serve or purge/);
  });
});
