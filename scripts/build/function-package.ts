/**
 * Builds one deployable function folder `dist/cloudfunctions/<name>/`: the esbuild bundle
 * (`index.js`), `package.json` with runtime dependencies only, the function's own `config.json`,
 * and the model files its code loads. With `withDeps`, also a pruned linux-x64 `node_modules`
 * (for "upload with local dependencies"); without, DevTools' "cloud install dependencies" mode.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleFunction } from './bundle-function';
import { REPO_ROOT } from './list-functions';
import { installedDeps, pruneToLinuxX64, runtimeVersions } from './runtime-deps';

/** Options of {@link buildFunctionPackage}. */
export interface PackageOptions {
  name: string;
  outRoot: string;
  withDeps: boolean;
  /** Where installed runtime dependencies are cached between builds. */
  depsCache: string;
  root?: string;
}

/** What one function package holds. */
export interface FunctionPackage {
  name: string;
  dir: string;
  bundleBytes: number;
  dependencies: Record<string, string>;
  models: string[];
  /** Our own source files inlined into the bundle (no node_modules). */
  sources: string[];
}

/** Models whose pre/post-processing module is in the bundle: `common/inference/<model>*.ts`. */
export function modelsUsed(inputs: string[], modelsDir: string): string[] {
  if (!fs.existsSync(modelsDir)) return [];
  const names = fs.readdirSync(modelsDir).filter((n) => fs.existsSync(path.join(modelsDir, n, 'meta.json')));
  return names.filter((m) =>
    inputs.some((p) => /[\\/]common[\\/]inference[\\/]/.test(p) && path.basename(p).startsWith(m)),
  );
}

function copyDir(src: string, dst: string): void {
  fs.cpSync(src, dst, { recursive: true, dereference: true });
}

/** Builds `outRoot/<name>` from `cloudfunctions/<name>`. */
export async function buildFunctionPackage(opts: PackageOptions): Promise<FunctionPackage> {
  const root = opts.root ?? REPO_ROOT;
  const srcDir = path.join(root, 'cloudfunctions', opts.name);
  const dir = path.join(opts.outRoot, opts.name);
  fs.rmSync(dir, { recursive: true, force: true });
  const bundle = await bundleFunction({ srcDir, outFile: path.join(dir, 'index.js'), minify: true });

  const code = fs.readFileSync(bundle.outFile, 'utf8');
  const versions = runtimeVersions(root);
  const dependencies: Record<string, string> = {};
  for (const [pkg, v] of Object.entries(versions)) if (code.includes(`require("${pkg}")`)) dependencies[pkg] = v;

  const configSrc = path.join(srcDir, 'config.json');
  fs.copyFileSync(configSrc, path.join(dir, 'config.json'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: opts.name, version: '1.0.0', main: 'index.js', private: true, dependencies }, null, 2) + '\n',
  );

  const modelsDir = path.join(root, 'models');
  const models = modelsUsed(bundle.inputs, modelsDir);
  for (const m of models) {
    for (const f of fs.readdirSync(path.join(modelsDir, m)).filter((f) => /\.(onnx|json)$/.test(f))) {
      fs.mkdirSync(path.join(dir, 'models', m), { recursive: true });
      fs.copyFileSync(path.join(modelsDir, m, f), path.join(dir, 'models', m, f));
    }
  }
  if (models.length) fs.copyFileSync(path.join(modelsDir, 'feature-spec.json'), path.join(dir, 'models', 'feature-spec.json'));

  if (opts.withDeps && Object.keys(dependencies).length) {
    const nm = installedDeps(dependencies, opts.depsCache);
    copyDir(nm, path.join(dir, 'node_modules'));
    pruneToLinuxX64(path.join(dir, 'node_modules'));
  }
  return { name: opts.name, dir, bundleBytes: bundle.bytes, dependencies, models, sources: bundle.inputs };
}
