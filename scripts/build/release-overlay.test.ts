import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleFunction } from './bundle-function';
import { bundleHash, contentHash, overlayDrift, readReleaseManifest, RELEASE_MANIFEST, releaseDrift, releaseOverlayPlugin, ReleaseSnapshotError, releaseStore, retakeCommand, storedFile, unlistedStoreFiles, type ReleaseManifest } from './release-overlay';

/**
 * A tree with function `fn` (index imports a and b) and a snapshot of a release whose `a` was other
 * and imported `c`, since deleted; its kept files in the store beside it.
 */
function fixture() {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-overlay-'));
  const snap = path.join(repo, 'releases', 'snap');
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return text;
  };
  const kept = (rel: string, text: string) => write(storedFile(releaseStore(snap), rel, contentHash(text)), text);
  write(path.join(repo, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2021' } }));
  const index = write(path.join(repo, 'fn/index.ts'), "import { a } from './a';\nimport { b } from './b';\nexport const main = () => ({ a, b });\n");
  write(path.join(repo, 'fn/a.ts'), "export const a = 'current';\n");
  const b = write(path.join(repo, 'fn/b.ts'), "export const b = 'b';\n");
  const oldA = kept('fn/a.ts', "import { c } from './c';\nclass OldError extends Error {\n  override name = 'OldError';\n}\nexport const a = `previous+${c}+${new OldError().name}`;\n");
  const c = kept('fn/c.ts', "export const c = 'c';\n");
  const manifest: ReleaseManifest = {
    commit: 'abcdef0',
    against: '1234567',
    functions: { fn: { 'fn/index.ts': contentHash(index), 'fn/a.ts': contentHash(oldA), 'fn/b.ts': contentHash(b), 'fn/c.ts': contentHash(c) } },
    files: { 'fn/a.ts': contentHash(oldA), 'fn/c.ts': contentHash(c) },
  };
  write(path.join(snap, RELEASE_MANIFEST), JSON.stringify(manifest));
  return { repo, snap };
}

describe('release overlay', () => {
  let repo: string;
  let snap: string;
  beforeEach(() => ({ repo, snap } = fixture()));
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  const build = async () => {
    const manifest = readReleaseManifest(snap);
    const res = await bundleFunction({ srcDir: path.join(repo, 'fn'), outFile: path.join(repo, 'out/index.js'), plugins: [releaseOverlayPlugin(repo, snap, manifest)] });
    return { res, manifest, text: fs.readFileSync(res.outFile, 'utf8') };
  };

  it("bundles the release: its kept files in place of today's, a file it had and the tree dropped found in the snapshot", async () => {
    const { res, manifest, text } = await build();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(res.outFile).main()).toEqual({ a: 'previous+c+OldError', b: 'b' });
    expect(releaseDrift(repo, manifest, 'fn', res.inputs)).toEqual([]);
    // Kept files are compiled with the tree's tsconfig, as esbuild compiles the files it reads itself.
    expect(text).toContain('this.name = "OldError"');
  });

  it("names the inputs taken from today's tree that changed since the snapshot", async () => {
    fs.writeFileSync(path.join(repo, 'fn/b.ts'), "export const b = 'changed';\n");
    const { res, manifest } = await build();
    expect(releaseDrift(repo, manifest, 'fn', res.inputs)).toEqual(['fn/b.ts']);
  });

  it("judges drift by the bundle: a comment-only edit of a file taken from today's tree is none, a code edit is and names the file", async () => {
    const taken = await build();
    expect(overlayDrift(repo, taken.manifest, 'fn', taken.res.inputs, taken.res.outFile)).toMatchObject({ drifted: false, changed: [], recorded: undefined });
    // What release-snapshot.ts records once the overlaid bundle is the commit's (each build below writes the same out file).
    const recorded = bundleHash(taken.res.outFile);
    fs.writeFileSync(path.join(snap, RELEASE_MANIFEST), JSON.stringify({ ...taken.manifest, bundles: { fn: recorded } }));
    const b = path.join(repo, 'fn/b.ts');
    fs.writeFileSync(b, "/** Why b is 'b'. */\n// (a note)\nexport const b = 'b'; /* still b */\n");
    const commented = await build();
    expect(overlayDrift(repo, commented.manifest, 'fn', commented.res.inputs, commented.res.outFile)).toEqual({ drifted: false, changed: ['fn/b.ts'], bundle: recorded, recorded });
    fs.writeFileSync(b, "// (a note)\nexport const b = 'B';\n");
    const edited = await build();
    expect(overlayDrift(repo, edited.manifest, 'fn', edited.res.inputs, edited.res.outFile)).toMatchObject({ drifted: true, changed: ['fn/b.ts'], recorded });
    // A manifest without bundle hashes is judged by its inputs' text, as before: the comment is drift.
    fs.writeFileSync(b, "/** Why b is 'b'. */\nexport const b = 'b';\n");
    const old = await build();
    expect(overlayDrift(repo, { ...old.manifest, bundles: undefined }, 'fn', old.res.inputs, old.res.outFile)).toMatchObject({ drifted: true, changed: ['fn/b.ts'] });
    expect(overlayDrift(repo, old.manifest, 'fn', old.res.inputs, old.res.outFile)).toMatchObject({ drifted: false });
  });

  it('refuses a manifest that lists a file the store lacks', () => {
    const c = storedFile(releaseStore(snap), 'fn/c.ts', readReleaseManifest(snap).files['fn/c.ts']);
    expect(path.basename(c)).toMatch(/^c\.[0-9a-f]{16}\.ts$/);
    fs.rmSync(c);
    expect(() => readReleaseManifest(snap)).toThrow(/lists fn\/c\.ts, which the store .* lacks/);
    expect(() => readReleaseManifest(path.join(repo, 'nowhere'))).toThrow(/no readable release snapshot/);
    expect(() => readReleaseManifest(path.join(repo, 'nowhere'))).toThrow(ReleaseSnapshotError);
  });

  it('shares a kept text between snapshots and names the store files no snapshot lists', () => {
    const store = releaseStore(snap);
    const { files } = readReleaseManifest(snap);
    const other = path.join(path.dirname(snap), 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, RELEASE_MANIFEST), JSON.stringify({ ...readReleaseManifest(snap), files: { 'fn/c.ts': files['fn/c.ts'] } }));
    expect(readReleaseManifest(other).files).toEqual({ 'fn/c.ts': contentHash("export const c = 'c';\n") });
    expect(fs.readdirSync(store)).toHaveLength(2);
    expect(unlistedStoreFiles(store)).toEqual([]);
    // The snapshot that alone kept fn/a.ts goes: its file is left over, the shared one is not.
    fs.rmSync(snap, { recursive: true });
    expect(unlistedStoreFiles(store)).toEqual([path.basename(storedFile(store, 'fn/a.ts', files['fn/a.ts']))]);
  });

  it('prints a command that takes the snapshot again as it was, its note included (shell-quoted)', () => {
    const manifest = { ...readReleaseManifest(snap), note: "the release before X (1b0dbbd^): a retry's order, 'as read'" };
    const cmd = retakeCommand(repo, snap, manifest);
    // What release-snapshot.ts would receive as argv from a shell.
    const argv = execFileSync('sh', ['-c', `set -- ${cmd}; printf '%s\\n' "$@"`], { encoding: 'utf8' }).trimEnd().split('\n');
    expect(argv).toEqual(['npx', 'tsx', 'scripts/build/release-snapshot.ts', '--commit', 'abcdef0', '--functions', 'fn', '--out', 'releases/snap', '--note', manifest.note]);
    expect(retakeCommand(repo, snap, { ...manifest, note: undefined })).not.toContain('--note');
  });
});
