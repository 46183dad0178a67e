/**
 * Bundles a function as an earlier release ran it: the current tree with a release snapshot
 * overlaid (scripts/build/release-overlay.ts). Used by the runtime's rollouts (rollout.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleFunction } from '../../build/bundle-function';
import { readReleaseManifest, overlayDrift, releaseOverlayPlugin, ReleaseSnapshotError, retakeCommand } from '../../build/release-overlay';

const REPO = path.resolve(__dirname, '../../..');

/** Where the named snapshots live (`startRollout(fn, { release: name })`). */
export const RELEASES_DIR = path.join(REPO, 'test', 'fixtures', 'releases');

/** A built bundle of an earlier release. */
export interface ReleaseBundle {
  file: string;
  /** The snapshot's commit. */
  commit: string;
  /** Not the release's bundle any more (release-overlay.ts overlayDrift: its hash, else its inputs' text). */
  drifted: boolean;
  /** When drifted: the inputs taken from today's tree whose text changed since the snapshot (may be none: a package or esbuild changed). */
  drift: string[];
  /** The bundle's hash, and the one the snapshot recorded (release-overlay.ts bundleHash). */
  bundle: string;
  recorded?: string;
}

/** A snapshot folder from a name under RELEASES_DIR (no path separators) or an absolute path. */
export function releaseDir(release: string): string {
  if (path.isAbsolute(release)) return release;
  if (!/^[\w.-]+$/.test(release)) throw new ReleaseSnapshotError(`release name "${release}": letters, digits, '.', '_' and '-' only`);
  return path.join(RELEASES_DIR, release);
}

/** Bundles `srcDir` (function `fn`) as the release in `dir`, into `outFile`. */
export async function bundleRelease(fn: string, srcDir: string, dir: string, outFile: string): Promise<ReleaseBundle> {
  const manifest = readReleaseManifest(dir);
  if (!manifest.functions[fn]) throw new ReleaseSnapshotError(`release snapshot ${dir} has no function "${fn}" (it has ${Object.keys(manifest.functions).join(', ')})`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  let res;
  try {
    res = await bundleFunction({ srcDir, outFile, sourcemap: false, plugins: [releaseOverlayPlugin(REPO, dir, manifest)] });
  } catch (err) {
    // Today's tree moved or changed a file the release used and the snapshot did not keep.
    throw new ReleaseSnapshotError(`${(err as Error).message}\nthe release snapshot ${dir} no longer builds against this tree; take it again: ${retakeCommand(REPO, dir, manifest)}`);
  }
  const d = overlayDrift(REPO, manifest, fn, res.inputs, res.outFile);
  return { file: res.outFile, commit: manifest.commit, drifted: d.drifted, drift: d.drifted ? d.changed : [], bundle: d.bundle, recorded: d.recorded };
}
