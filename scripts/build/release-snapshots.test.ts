/**
 * Every committed release snapshot still IS its release: the old bundle takes every file the
 * snapshot did not keep from today's tree, so once such a file changes the code, "the previous
 * release" in the rollout flows (test/integration/rollout-flows.test.ts) would quietly become a mix
 * of that release and today's, and the flows would go on passing. This fails instead, naming the
 * inputs whose text changed and the command that takes the snapshot again (it keeps the changed
 * files too). No git needed: the manifest holds the hash of each function's bundle, which the tool
 * found to be the commit's bundle, and of every input. It is judged by the bundle: a comment-only
 * edit leaves the bundle byte for byte as it was (esbuild drops ordinary comments) and is no drift;
 * a manifest without bundle hashes is judged by its inputs' text (release-overlay.ts overlayDrift).
 *
 * The bundle names node_modules files by their path from the repo root, so a checkout whose
 * node_modules is a symlink (to another checkout's) bundles other bytes and fails here although
 * nothing drifted; a normal clone with `npm install` (CI) or a copied node_modules gives the same
 * bytes. So does a changed package or esbuild version: then take the snapshots again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentHash, readReleaseManifest, RELEASE_MANIFEST, releaseStore, retakeCommand, unlistedStoreFiles } from './release-overlay';
import { bundleRelease, RELEASES_DIR } from '../local-cloud/functions/release-bundle';

const REPO = path.resolve(__dirname, '../..');
const snapshots = fs.readdirSync(RELEASES_DIR).filter((d) => fs.existsSync(path.join(RELEASES_DIR, d, RELEASE_MANIFEST)));
const cases = snapshots.flatMap((d) => Object.keys(readReleaseManifest(path.join(RELEASES_DIR, d)).functions).map((fn) => [d, fn] as const));

let out: string;
beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-release-drift-'));
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

it('finds the snapshots', () => {
  expect(cases.length).toBeGreaterThanOrEqual(4);
});

it('keeps each stored text once, under its own hash, and nothing no snapshot lists', () => {
  const store = releaseStore(path.join(RELEASES_DIR, snapshots[0]));
  for (const f of fs.readdirSync(store)) expect(`${f}: ${contentHash(fs.readFileSync(path.join(store, f)))}`).toBe(`${f}: ${f.split('.').at(-2)}`);
  expect(unlistedStoreFiles(store)).toEqual([]);
});

it.each(cases)('%s: %s builds as its release, its bundle unchanged since', async (dir, fn) => {
  const snap = path.join(RELEASES_DIR, dir);
  const built = await bundleRelease(fn, path.join(REPO, 'cloudfunctions', fn), snap, path.join(out, dir, fn, 'index.js'));
  if (built.drifted) {
    const bundle = built.recorded === undefined ? '' : ` (bundle ${built.bundle}, the release's ${built.recorded})`;
    const changed = built.drift.length ? built.drift.join(', ') : 'none (a package in node_modules or esbuild changed, or node_modules is a symlink)';
    throw new Error(`${dir}/${fn}: the release's bundle is not what it was${bundle}; inputs taken from today's tree whose text changed: ${changed}\ntake the snapshot again: ${retakeCommand(REPO, snap, readReleaseManifest(snap))}`);
  }
}, 120_000);
