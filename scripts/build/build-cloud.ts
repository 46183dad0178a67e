/**
 * `npm run build:cloud [-- --no-deps] [--only a,b]`: bundles every cloud function into
 * `dist/cloudfunctions/<name>/` (the `cloudfunctionRoot` of project.config.json).
 * Default: with pruned linux-x64 dependencies (DevTools: 上传并部署：所有文件);
 * `--no-deps`: package.json only (DevTools: 上传并部署：云端安装依赖).
 */
import path from 'node:path';
import { buildFunctionPackage, type FunctionPackage } from './function-package';
import { listFunctions, REPO_ROOT } from './list-functions';
import { folderBytes } from './zip-size';

/** Options of {@link buildCloud}. */
export interface BuildCloudOptions {
  withDeps: boolean;
  only?: string[];
  outRoot?: string;
  log?: (line: string) => void;
}

/** Builds the function packages; returns what each holds. */
export async function buildCloud(opts: BuildCloudOptions): Promise<FunctionPackage[]> {
  const outRoot = opts.outRoot ?? path.join(REPO_ROOT, 'dist', 'cloudfunctions');
  const depsCache = path.join(REPO_ROOT, 'dist', '.deps-cache');
  const names = listFunctions().filter((n) => !opts.only || opts.only.includes(n));
  const out: FunctionPackage[] = [];
  for (const [i, name] of names.entries()) {
    const t0 = Date.now();
    const pkg = await buildFunctionPackage({ name, outRoot, withDeps: opts.withDeps, depsCache });
    opts.log?.(
      `[${i + 1}/${names.length}] ${name}: bundle ${(pkg.bundleBytes / 1024).toFixed(0)} KB, ` +
        `folder ${(folderBytes(pkg.dir) / 1048576).toFixed(1)} MB, deps ${Object.keys(pkg.dependencies).join('+') || 'none'}` +
        `${pkg.models.length ? `, models ${pkg.models.join('+')}` : ''} (${Date.now() - t0} ms)`,
    );
    out.push(pkg);
  }
  return out;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const onlyIdx = args.indexOf('--only');
  buildCloud({
    withDeps: !args.includes('--no-deps'),
    only: onlyIdx >= 0 ? args[onlyIdx + 1]?.split(',') : undefined,
    log: (l) => console.log(l),
  }).then(
    (pkgs) => console.log(`built ${pkgs.length} functions into dist/cloudfunctions`),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
