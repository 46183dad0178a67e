/**
 * Every committed release snapshot still IS its release: the old bundle takes every file the
 * snapshot did not keep from today's tree, so once such a file changes, "the previous release" in
 * the rollout flows (test/integration/rollout-flows.test.ts) would quietly become a mix of that
 * release and today's, and the flows would go on passing. This fails instead, naming the command
 * that takes the snapshot again (it keeps the changed files too). No git needed: the snapshot's
 * manifest holds a hash of every input.
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

it.each(cases)('%s: %s builds as its release, with no input drifted since', async (dir, fn) => {
  const snap = path.join(RELEASES_DIR, dir);
  const built = await bundleRelease(fn, path.join(REPO, 'cloudfunctions', fn), snap, path.join(out, dir, fn, 'index.js'));
  if (built.drift.length) {
    throw new Error(`${dir}/${fn}: today's tree changed files the release took from it: ${built.drift.join(', ')}\ntake the snapshot again: ${retakeCommand(REPO, snap, readReleaseManifest(snap))}`);
  }
}, 120_000);
