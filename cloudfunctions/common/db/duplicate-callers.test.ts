/**
 * A tripwire: code that catches DuplicateKeyError itself must say why insertUnique does not serve.
 * After -501001 the stored document may be this call's own insert, its answer lost; only
 * insertUnique tells the two apart (write-id.ts). A new claim written with `insert` and a catch
 * would read its own stored write as someone else's — so each catch is listed here with its reason.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Files allowed to catch it, and why a plain insert is right there. */
const ALLOWED: Record<string, string> = {
  'common/db/wx-db.ts': 'insertUnique itself',
  'track/steps/store-events.ts': 'a batch of events; the batchId in each event tells its own',
  'segment/wx-store.ts': 'history pages and run records: a present document is equal whoever wrote it',
  'rebuild/job.ts': 'creates the job document if missing; whose it is does not matter',
  'rebuild/rebuild-one.ts': 'a profile created concurrently is read again and updated by rev either way',
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'testing' ? [] : sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

it('only the listed files catch DuplicateKeyError; a single claim goes through insertUnique', () => {
  const catching = sources(ROOT)
    .filter((f) => /instanceof DuplicateKeyError/.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
    .sort();
  expect(catching).toEqual(Object.keys(ALLOWED).sort());
});
