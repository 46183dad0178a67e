/**
 * Writes a release snapshot (release-overlay.ts) from a git commit, for developers: CI never needs
 * git history, it builds the earlier release from the committed snapshot.
 *
 *   npx tsx scripts/build/release-snapshot.ts --commit 66e0737 --functions shop,retention \
 *     --out test/fixtures/releases/session14-head [--note "…"]   (default: the note it had)
 *   npx tsx scripts/build/release-snapshot.ts --check test/fixtures/releases/session14-head
 *
 * `--check` (no git needed) bundles each function of a snapshot over today's tree and says whether
 * the bundle is still the release's (the hash the snapshot recorded), listing the inputs taken from
 * today whose text changed since the snapshot was taken.
 *
 * The commit's tree is checked out into a temporary git worktree, each function is bundled there
 * with the build's own esbuild config, and every source input of those bundles whose text differs
 * from this working tree (or that this tree lacks) is kept: the manifest `<out>/release.json` lists
 * it with its hash, and its text goes to the store beside the snapshots (`files/`, see
 * release-overlay.ts) unless a snapshot already keeps that text; store files that no snapshot lists
 * any more are removed. The manifest records the hash of every input, so a later build can say which of today's files it
 * took that the release did not have (`drift`). Last, each function is bundled again from this
 * tree with the snapshot overlaid, and the two bundles are compared (module path comments aside):
 * the script fails unless they are the same code. When they are, the manifest records the hash of
 * that code per function (`bundles`), by which drift is judged later (release-overlay.ts overlayDrift).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleFunction } from './bundle-function';
import { bundleCode, bundleHash, contentHash, overlayDrift, readReleaseManifest, RELEASE_MANIFEST, releaseOverlayPlugin, releaseStore, repoRelative, storedFile, unlistedStoreFiles, type ReleaseManifest } from './release-overlay';

const REPO = path.resolve(__dirname, '../..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const git = (...args: string[]) => execFileSync('git', ['-C', REPO, ...args], { encoding: 'utf8' }).trim();

/** Prints each function's drift; exit 1 when a function no longer builds or its bundle drifted. */
async function check(dir: string): Promise<void> {
  const manifest = readReleaseManifest(dir);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-release-check-'));
  try {
    for (const fn of Object.keys(manifest.functions)) {
      const res = await bundleFunction({ srcDir: path.join(REPO, 'cloudfunctions', fn), outFile: path.join(tmp, fn, 'index.js'), plugins: [releaseOverlayPlugin(REPO, dir, manifest)] });
      const d = overlayDrift(REPO, manifest, fn, res.inputs, res.outFile);
      const bundle = d.recorded === undefined ? 'no bundle hash recorded' : `bundle ${d.bundle} ${d.drifted ? `is NOT the recorded ${d.recorded}` : 'as recorded'}`;
      const changed = d.changed.length ? `${d.changed.length} inputs from today's tree differ from ${manifest.commit}'s: ${d.changed.join(', ')}` : 'no input changed';
      console.log(`${fn}: ${d.drifted ? 'DRIFTED' : 'no drift'}; ${bundle}; ${changed}`);
      if (d.drifted) process.exitCode = 1;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const checkDir = arg('check');
  if (checkDir) return check(path.resolve(checkDir));
  const commitArg = arg('commit');
  const functions = arg('functions')?.split(',').filter(Boolean);
  const out = arg('out');
  if (!commitArg || !functions?.length || !out) {
    console.error('usage: release-snapshot.ts --commit C --functions a,b --out DIR [--note TEXT] | --check DIR');
    process.exit(2);
  }
  const outDir = path.resolve(out);
  const commit = git('rev-parse', '--short=12', `${commitArg}^{commit}`);
  const against = git('rev-parse', '--short=12', 'HEAD');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-release-'));
  const tree = path.join(tmp, 'tree');
  git('worktree', 'add', '--quiet', '--detach', tree, commit);
  try {
    // Taken again without --note: the snapshot keeps the note it had (5ba4ed9 restored one by hand).
    const note = arg('note') ?? (fs.existsSync(path.join(outDir, RELEASE_MANIFEST)) ? readReleaseManifest(outDir).note : undefined);
    const manifest: ReleaseManifest = { commit, against, note, functions: {}, files: {} };
    const kept = new Map<string, string>();
    for (const fn of functions) {
      const res = await bundleFunction({ srcDir: path.join(tree, 'cloudfunctions', fn), outFile: path.join(tmp, 'old', fn, 'index.js') });
      manifest.functions[fn] = {};
      for (const abs of res.inputs.sort()) {
        const rel = repoRelative(tree, abs);
        const text = fs.readFileSync(abs, 'utf8');
        manifest.functions[fn][rel] = contentHash(text);
        const now = path.join(REPO, rel);
        if (!fs.existsSync(now) || fs.readFileSync(now, 'utf8') !== text) kept.set(rel, text);
      }
    }
    const store = releaseStore(outDir);
    fs.mkdirSync(store, { recursive: true });
    fs.mkdirSync(outDir, { recursive: true });
    let added = 0;
    for (const rel of [...kept.keys()].sort()) {
      const text = kept.get(rel) as string;
      const hash = contentHash(text);
      manifest.files[rel] = hash;
      const file = storedFile(store, rel, hash);
      if (fs.existsSync(file)) continue;
      fs.writeFileSync(file, text);
      added++;
    }
    fs.writeFileSync(path.join(outDir, RELEASE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const unlisted = unlistedStoreFiles(store);
    for (const f of unlisted) fs.rmSync(path.join(store, f));
    const written = readReleaseManifest(outDir);
    const bundles: Record<string, string> = {};
    let same = true;
    for (const fn of functions) {
      const res = await bundleFunction({
        srcDir: path.join(REPO, 'cloudfunctions', fn),
        outFile: path.join(tmp, 'overlay', fn, 'index.js'),
        plugins: [releaseOverlayPlugin(REPO, outDir, written)],
      });
      const ok = bundleCode(res.outFile) === bundleCode(path.join(tmp, 'old', fn, 'index.js'));
      same &&= ok;
      if (ok) bundles[fn] = bundleHash(res.outFile);
      console.log(`${fn}: ${Object.keys(written.functions[fn]).length} inputs; overlay bundle ${ok ? 'is' : 'is NOT'} the commit's bundle`);
    }
    console.log(`kept ${kept.size} files (${[...kept.values()].reduce((n, t) => n + Buffer.byteLength(t), 0)} bytes): ${added} new in ${store}, ${kept.size - added} already there`);
    if (unlisted.length) console.log(`removed ${unlisted.length} store files no snapshot lists any more: ${unlisted.join(', ')}`);
    // Only a bundle found to be the commit's gets its hash recorded.
    if (same) fs.writeFileSync(path.join(outDir, RELEASE_MANIFEST), `${JSON.stringify({ ...written, bundles }, null, 2)}\n`);
    else process.exitCode = 1;
  } finally {
    git('worktree', 'remove', '--force', tree);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exitCode = 1;
});
