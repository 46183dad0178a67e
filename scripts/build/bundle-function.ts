/**
 * Bundles one cloud function folder (`index.ts` + whatever it imports, e.g. from
 * `cloudfunctions/common`) into a single CommonJS file, the shape WeChat's Node runtime loads.
 * Used by the local cloud's function runtime and by `npm run build:cloud` (deploy packages).
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { CLOUD_ESBUILD_TARGET } from './cloud-runtime';

/**
 * Packages a function must `require` at run time instead of inlining: native code only.
 * `wx-server-sdk` is inlined: one minified file loads in ~120 ms instead of ~215 ms for its
 * ~400 files in node_modules (median of 5 here), and shrinks each package from ~7 MB to <1 MB zipped.
 * The deploy test runs every package with no node_modules but what it ships, so a dynamic
 * require the bundle missed would fail there.
 */
export const EXTERNAL_PACKAGES = ['onnxruntime-node'];

/** The repo root: bundles name their modules relative to it, whatever the caller's working directory. */
const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * @cloudbase/node-sdk (inside wx-server-sdk) reads its version from `../../package.json` relative
 * to its own file at run time, for its User-Agent and X-SDK-Version headers; inside a bundle that
 * path is gone and it would send `unknow`. Inline the installed version instead.
 */
const sdkVersionPlugin: Plugin = {
  name: 'cloudbase-sdk-version',
  setup(b) {
    b.onLoad({ filter: /@cloudbase[\\/]node-sdk[\\/]dist[\\/]utils[\\/]version\.js$/ }, (args) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(args.path), '../../package.json'), 'utf8'));
      return { contents: `exports.version = ${JSON.stringify(String(pkg.version))};`, loader: 'js' };
    });
  },
};

/** Options of {@link bundleFunction}. */
export interface BundleFunctionOptions {
  /** The function folder, holding `index.ts` (or `index.js`). */
  srcDir: string;
  /** Where the single CJS file goes (parent folders are created). */
  outFile: string;
  /** Minify the output (deploy packages); off by default for readable stack traces. */
  minify?: boolean;
  /** Emit an inline source map (local runtime: stack traces point at the TS sources). */
  sourcemap?: boolean;
  /** Extra esbuild plugins, run before the SDK-version one (an earlier release's overlay: release-overlay.ts). */
  plugins?: Plugin[];
}

/** What {@link bundleFunction} produced. */
export interface BundleResult {
  outFile: string;
  bytes: number;
  /** Source files that went into the bundle (absolute paths), for change detection. */
  inputs: string[];
  ms: number;
}

/** Raised when a function folder has no entry point or esbuild reports errors. */
export class BundleError extends Error {
  override name = 'BundleError';
}

/** The entry file of a function folder. */
export function functionEntry(srcDir: string): string {
  for (const f of ['index.ts', 'index.js']) {
    const p = path.join(srcDir, f);
    if (fs.existsSync(p)) return p;
  }
  throw new BundleError(`no index.ts or index.js in ${srcDir}`);
}

/** esbuild-bundles one function into `outFile` (CJS, the declared runtime's target, SDK and ORT external). */
export async function bundleFunction(opts: BundleFunctionOptions): Promise<BundleResult> {
  const t0 = performance.now();
  const entry = functionEntry(opts.srcDir);
  fs.mkdirSync(path.dirname(opts.outFile), { recursive: true });
  try {
    const res = await build({
      entryPoints: [entry],
      outfile: opts.outFile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: CLOUD_ESBUILD_TARGET,
      external: EXTERNAL_PACKAGES,
      // Function folders outside the repo (test fixtures in temp dirs) still inline the repo's SDK.
      nodePaths: [path.join(REPO_ROOT, 'node_modules')],
      // Module paths in the bundle (its `// path` comments, CommonJS wrappers' keys) are relative to
      // this folder: from the repo root, so a release bundle's hash (release-overlay.ts) does not
      // depend on where the build was started.
      absWorkingDir: REPO_ROOT,
      plugins: [...(opts.plugins ?? []), sdkVersionPlugin],
      minify: opts.minify ?? false,
      sourcemap: opts.sourcemap ? 'inline' : false,
      metafile: true,
      logLevel: 'silent',
      legalComments: 'none',
    });
    const inputs = Object.keys(res.metafile.inputs)
      .filter((p) => !p.includes('node_modules'))
      .map((p) => path.resolve(REPO_ROOT, p));
    return { outFile: opts.outFile, bytes: fs.statSync(opts.outFile).size, inputs, ms: performance.now() - t0 };
  } catch (err) {
    const msg = (err as { errors?: Array<{ text: string; location?: { file: string; line: number } }> }).errors
      ?.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
      .join('\n');
    throw new BundleError(`bundling ${entry} failed${msg ? `:\n${msg}` : `: ${String(err)}`}`);
  }
}
