/**
 * An earlier release of the cloud functions, kept as a small snapshot instead of git history (CI may
 * run from a shallow clone or an archive): a manifest naming the files that release's bundles used
 * and that differ from the tree they were taken against, their text kept once in a content-addressed
 * store beside the snapshots. Bundling a function with the snapshot overlaid on the current tree
 * gives that release's bundle: each kept file is loaded in place of the file at its path (imports
 * resolve as they did from there), files the release had and this tree dropped are found in the
 * snapshot, and every other input is the current tree's. `scripts/build/release-snapshot.ts`
 * writes a snapshot from a commit.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { transform, type Plugin, type TsconfigRaw } from 'esbuild';
import { z } from 'zod';

/** The manifest's file name inside a snapshot folder. */
export const RELEASE_MANIFEST = 'release.json';

/**
 * The store's folder name, beside the snapshot folders: every kept file of every snapshot once,
 * named by its text's hash (storedFile), so two snapshots that keep the same text share one file.
 * It is left out of the typecheck and lint (tsconfig.json, eslint.config.mjs): the files are old
 * releases', as they were, and their imports resolve only from where they once stood.
 */
export const RELEASE_STORE = 'files';

/** The store a snapshot folder reads its kept files from: `files/` beside it. */
export function releaseStore(dir: string): string {
  return path.join(path.dirname(path.resolve(dir)), RELEASE_STORE);
}

/**
 * Where the text with hash `hash` of repo file `rel` lies in a store: `<name>.<hash><ext>`, so the
 * store stays readable (versions of one file sort together, editors know the language).
 */
export function storedFile(store: string, rel: string, hash: string): string {
  const ext = path.posix.extname(rel);
  return path.join(store, `${path.posix.basename(rel, ext)}.${hash}${ext}`);
}

const manifestSchema = z.object({
  /** The commit the snapshot was taken from. */
  commit: z.string().min(7),
  /** The commit whose tree the snapshot was compared against (its files not kept are that tree's). */
  against: z.string().min(7),
  /** What this release is, for people. */
  note: z.string().optional(),
  /** Per function: every source input of the release's bundle (repo-relative) → sha256 of its text, first 16 hex digits. */
  functions: z.record(z.string(), z.record(z.string(), z.string())),
  /** Repo-relative paths kept in the store (they differ from `against`, or it lacks them) → their hash (storedFile). */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{16}$/)),
  /**
   * Per function: bundleHash of the overlaid bundle the tool found to be the commit's bundle. With
   * it, drift is judged by the bundle (a comment-only edit of a file taken from today's tree leaves
   * the bundle as it was); a manifest without it falls back to the inputs' text.
   */
  bundles: z.record(z.string(), z.string().regex(/^[0-9a-f]{16}$/)).optional(),
});

/** A snapshot's manifest. */
export type ReleaseManifest = z.infer<typeof manifestSchema>;

/** A snapshot that is missing, malformed, or does not cover the function asked for. */
export class ReleaseSnapshotError extends Error {
  override name = 'ReleaseSnapshotError';
}

/** The first 16 hex digits of a text's sha256 (line endings as stored). */
export function contentHash(text: string | Buffer): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Reads and checks a snapshot folder's manifest. */
export function readReleaseManifest(dir: string): ReleaseManifest {
  const file = path.join(dir, RELEASE_MANIFEST);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ReleaseSnapshotError(`no readable release snapshot at ${dir}: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new ReleaseSnapshotError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const store = releaseStore(dir);
  for (const [rel, hash] of Object.entries(parsed.data.files)) {
    if (!fs.existsSync(storedFile(store, rel, hash))) throw new ReleaseSnapshotError(`${file} lists ${rel}, which the store ${store} lacks (${path.basename(storedFile(store, rel, hash))})`);
  }
  return parsed.data;
}

/** Repo-relative, with forward slashes (manifest keys). */
export function repoRelative(repo: string, abs: string): string {
  return path.relative(repo, abs).split(path.sep).join('/');
}

/** The repo's tsconfig.json (plain JSON) as esbuild's transform takes it. */
function repoTsconfig(repo: string): TsconfigRaw {
  return JSON.parse(fs.readFileSync(path.join(repo, 'tsconfig.json'), 'utf8')) as TsconfigRaw;
}

const RESOLVE_SUFFIXES = ['', '.ts', '.js', '/index.ts', '/index.js'];

/**
 * The esbuild plugin that overlays a snapshot on `repo`: a file the snapshot keeps is loaded from
 * it (with its original folder as resolveDir), and a relative import the snapshot can answer is
 * resolved there first.
 */
export function releaseOverlayPlugin(repo: string, dir: string, manifest: ReleaseManifest): Plugin {
  const store = releaseStore(dir);
  const keptPath = (abs: string): string | undefined => {
    const rel = repoRelative(repo, abs);
    const hash = Object.hasOwn(manifest.files, rel) ? manifest.files[rel] : undefined;
    return hash ? storedFile(store, rel, hash) : undefined;
  };
  return {
    name: 'release-overlay',
    setup(b) {
      b.onResolve({ filter: /^\.\.?(\/|$)/ }, (args) => {
        if (!args.resolveDir) return undefined;
        const base = path.resolve(args.resolveDir, args.path);
        for (const suffix of RESOLVE_SUFFIXES) if (keptPath(base + suffix)) return { path: base + suffix };
        return undefined;
      });
      b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        const from = keptPath(args.path);
        if (!from) return undefined;
        const text = fs.readFileSync(from, 'utf8');
        const resolveDir = path.dirname(args.path);
        if (!args.path.endsWith('.ts')) return { contents: text, loader: 'js', resolveDir };
        // esbuild applies tsconfig.json only to files it reads itself: compile a kept file with it
        // here, or its class fields would get define semantics the release's bundle did not have.
        const js = await transform(text, { loader: 'ts', tsconfigRaw: repoTsconfig(repo), sourcefile: args.path });
        return { contents: js.code, loader: 'js', resolveDir };
      });
    },
  };
}

/**
 * The inputs of an overlaid bundle that are not the release's: taken from the current tree, whose
 * text has changed since the snapshot was taken (or that the release's bundle did not use). The
 * bundle is then that release with these files of today; regenerate the snapshot when one of them
 * matters (scripts/build/release-snapshot.ts).
 */
export function releaseDrift(repo: string, manifest: ReleaseManifest, fn: string, inputs: string[]): string[] {
  const want = manifest.functions[fn] ?? {};
  const drift: string[] = [];
  for (const abs of inputs) {
    const rel = repoRelative(repo, abs);
    if (Object.hasOwn(manifest.files, rel)) continue;
    if (want[rel] !== contentHash(fs.readFileSync(abs))) drift.push(rel);
  }
  return drift.sort();
}

/** A bundle's code without esbuild's `// path/to/module.ts` comments (they name where it was built). */
export function bundleCode(file: string): string {
  return fs.readFileSync(file, 'utf8').replace(/^\s*\/\/ .*$/gm, '');
}

/** The hash a manifest records for a function's bundle: contentHash of its bundleCode. */
export function bundleHash(file: string): string {
  return contentHash(bundleCode(file));
}

/** Whether an overlaid bundle is still its release's bundle ({@link overlayDrift}). */
export interface OverlayDrift {
  /** Not the release's bundle: its hash differs from the recorded one (no hash recorded: an input's text changed). */
  drifted: boolean;
  /** Inputs taken from today's tree whose text changed since the snapshot ({@link releaseDrift}), drifted or not. */
  changed: string[];
  /** bundleHash of the bundle built now. */
  bundle: string;
  /** The hash the snapshot recorded for this function's bundle, if it records one. */
  recorded?: string;
}

/**
 * Judges an overlaid bundle (`bundleFile`, built from `inputs`) by the bundle, not by its inputs'
 * text: esbuild drops ordinary comments, so a comment-only edit of a file the release takes from
 * today's tree leaves its bundle byte for byte the release's. The inputs whose text changed are
 * still listed: they are where to look when the bundle did change.
 */
export function overlayDrift(repo: string, manifest: ReleaseManifest, fn: string, inputs: string[], bundleFile: string): OverlayDrift {
  const changed = releaseDrift(repo, manifest, fn, inputs);
  const bundle = bundleHash(bundleFile);
  const recorded = manifest.bundles?.[fn];
  return { drifted: recorded === undefined ? changed.length > 0 : recorded !== bundle, changed, bundle, recorded };
}

/** The names of the store's files that no snapshot beside it lists (left behind when one is taken again or deleted). */
export function unlistedStoreFiles(store: string): string[] {
  const listed = new Set<string>();
  const root = path.dirname(store);
  for (const d of fs.readdirSync(root)) {
    if (!fs.existsSync(path.join(root, d, RELEASE_MANIFEST))) continue;
    for (const [rel, hash] of Object.entries(readReleaseManifest(path.join(root, d)).files)) listed.add(path.basename(storedFile(store, rel, hash)));
  }
  return fs.existsSync(store) ? fs.readdirSync(store).filter((f) => !listed.has(f)).sort() : [];
}

/**
 * The shell command that takes the snapshot in `dir` again against today's tree (release-snapshot.ts),
 * printed wherever a snapshot no longer fits the tree. It carries the manifest's note too: taking
 * it again without `--note` would silently drop what the snapshot stands for.
 */
export function retakeCommand(repo: string, dir: string, manifest: ReleaseManifest): string {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const note = manifest.note === undefined ? '' : ` --note ${quote(manifest.note)}`;
  return `npx tsx scripts/build/release-snapshot.ts --commit ${manifest.commit} --functions ${Object.keys(manifest.functions).join(',')} --out ${quote(repoRelative(repo, dir))}${note}`;
}
