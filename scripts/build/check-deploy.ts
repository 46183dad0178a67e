/**
 * `npm run check:deploy`: builds the function packages (with dependencies) and checks them and
 * the weapp build (built first when missing: weapp-check.ts) against WeChat's limits, and each bundle against the declared runtime's Node (APIs
 * it lacks, loading in that exact release). Prints a size table, every problem, and a last line of
 * JSON; exits 1 when anything would be refused or break in production.
 */
import path from 'node:path';
import { collectionsMissingFromSchema } from '../db/schema-coverage';
import { buildCloud } from './build-cloud';
import { CLOUD_NODE_VERSION } from './cloud-runtime';
import { inspectFunction, type FunctionReport } from './inspect-function';
import { compareGlibc } from './elf-glibc';
import { REPO_ROOT } from './list-functions';
import { runtimeProblems } from './runtime-api';
import { runtimeNode } from './runtime-node';
import { ensureTaroBuild } from './taro-build';
import { taroDir, taroStaleness } from './taro-freshness';
import { checkWeapp } from './weapp-check';
import type { WeappSizes } from './weapp-size';

const mb = (n: number) => `${(n / 1048576).toFixed(2)} MB`;

/** Everything check:deploy decides on. */
export interface DeployCheck {
  functions: FunctionReport[];
  weapp: WeappSizes | null;
  problems: string[];
}

/** Runs every check; `weappDir` defaults to miniprogram/dist/weapp. */
export async function checkDeploy(opts: { weappDir?: string; build?: boolean } = {}): Promise<DeployCheck> {
  const outRoot = path.join(REPO_ROOT, 'dist', 'cloudfunctions');
  const pkgs = await buildCloud({ withDeps: true, outRoot });
  const node = runtimeNode(CLOUD_NODE_VERSION);
  const functions = pkgs.map((p) => {
    const report = inspectFunction(p.dir);
    report.problems.push(...runtimeProblems(p, node));
    return report;
  });
  const problems = functions.flatMap((f) => f.problems.map((p) => `function ${f.name}: ${p}`));
  // CloudBase refuses a collection nobody created: `npm run db:init` creates the schema's only.
  for (const m of collectionsMissingFromSchema()) problems.push(`collection not in scripts/db/schema.json (npm run db:init would not create it): ${m}`);
  const dir = opts.weappDir ?? taroDir('weapp');
  const w = checkWeapp({
    dir,
    // Another folder (a test's) is checked as it is; only the repo's own build is built or judged stale.
    staleness: () => (opts.weappDir ? null : taroStaleness('weapp')),
    build: () => void ensureTaroBuild('weapp'),
    log: (line) => process.stderr.write(`${line}\n`),
    cloudEnv: process.env.QX_CLOUD_ENV || undefined,
  });
  problems.push(...w.problems);
  const weapp = w.weapp;
  return { functions, weapp, problems };
}

if (require.main === module) {
  checkDeploy().then(
    (r) => {
      console.log('function'.padEnd(14) + 'zip'.padStart(12) + '  memory  timeout  glibc  openapi');
      for (const f of r.functions)
        console.log(
          f.name.padEnd(14) +
            mb(f.zipBytes).padStart(12) +
            `  ${`${f.memoryMb} MB`.padEnd(6)}  ${`${f.timeoutS} s`.padEnd(7)}  ${(f.maxGlibc ?? '-').padEnd(5)}  ${f.openapiUsed.join(',') || '-'}`,
        );
      if (r.weapp) {
        console.log(`weapp main    ${mb(r.weapp.main).padStart(12)}`);
        for (const [root, n] of Object.entries(r.weapp.subpackages)) console.log(`weapp ${root.padEnd(8)}${mb(n).padStart(12)}`);
      }
      for (const p of r.problems) console.error(`✗ ${p}`);
      const glibcs = r.functions.map((f) => f.maxGlibc).filter((v): v is string => !!v).sort(compareGlibc);
      console.log(
        JSON.stringify({
          functions: Object.fromEntries(r.functions.map((f) => [f.name, { zip_bytes: f.zipBytes, memory_mb: f.memoryMb, timeout_s: f.timeoutS }])),
          max_glibc: glibcs.length ? glibcs[glibcs.length - 1] : null,
          weapp_main_bytes: r.weapp?.main ?? null,
          weapp_subpackages: r.weapp?.subpackages ?? null,
          ok: r.problems.length === 0,
        }),
      );
      process.exit(r.problems.length ? 1 : 0);
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
