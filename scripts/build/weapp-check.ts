/**
 * check:deploy's mini program part: the weapp build's package sizes against WeChat's 2 MB. A
 * fresh clone has no build, and check:deploy already builds the function packages it checks, so
 * it builds a missing weapp too (nothing of the developer's is replaced). A build older than its
 * sources is NOT rebuilt: it may carry the env id it was built with (`QX_CLOUD_ENV`, compiled in),
 * which a rebuild here could silently drop — the check fails and names the exact command instead.
 */
import path from 'node:path';
import { REPO_ROOT } from './list-functions';
import { LIMITS } from './inspect-function';
import { weappSizes, type WeappSizes } from './weapp-size';

/** What the weapp part found. */
export interface WeappCheck {
  weapp: WeappSizes | null;
  problems: string[];
  /** Whether this check built the weapp (it was missing). */
  built: boolean;
}

/** What the check needs from the outside (ports, so a test can stand in for Taro). */
export interface WeappCheckDeps {
  dir: string;
  /** 'missing' / 'stale' / null (fresh), the rule of taro-freshness.ts. */
  staleness(): 'missing' | 'stale' | null;
  /** Builds the weapp into `dir`; throws when the build fails. */
  build(): void;
  /** A progress line for the developer (stderr: stdout ends with check:deploy's JSON). */
  log(line: string): void;
  /** `process.env.QX_CLOUD_ENV`. */
  cloudEnv: string | undefined;
}

const mb = (n: number) => `${(n / 1048576).toFixed(2)} MB`;

/** How the build command reads, with the env a deploy build needs. */
export const weappBuildCommand = (cloudEnv: string | undefined): string =>
  `${cloudEnv ? `QX_CLOUD_ENV=${cloudEnv}` : 'QX_CLOUD_ENV=<your env id>'} npm run build:weapp`;

/** Builds a missing weapp, refuses a stale one with the command to run, and checks the sizes. */
export function checkWeapp(d: WeappCheckDeps): WeappCheck {
  const problems: string[] = [];
  const rel = path.relative(REPO_ROOT, d.dir) || d.dir;
  const state = d.staleness();
  let built = false;
  if (state === 'missing') {
    d.log(
      `no weapp build in ${rel}: building it now (npm run build:weapp, ${d.cloudEnv ? `QX_CLOUD_ENV=${d.cloudEnv}` : 'QX_CLOUD_ENV not set: the app will use the cloud env selected in DevTools'}; 1–3 min)…`,
    );
    try {
      d.build();
      built = true;
    } catch (err) {
      problems.push(`weapp build failed (run \`npm run build:weapp\` to see why): ${(err as Error).message.split('\n')[0]}`);
      return { weapp: null, problems, built };
    }
  } else if (state === 'stale') {
    problems.push(
      `the weapp build in ${rel} is older than miniprogram/src (or its config): rebuild it with \`${weappBuildCommand(d.cloudEnv)}\`, then run \`npm run check:deploy\` again`,
    );
  }
  let weapp: WeappSizes | null = null;
  try {
    weapp = weappSizes(d.dir);
    if (weapp.main > LIMITS.weappPackageBytes) problems.push(`weapp main package is ${mb(weapp.main)}, over 2 MB`);
    for (const [root, n] of Object.entries(weapp.subpackages))
      if (n > LIMITS.weappPackageBytes) problems.push(`weapp subpackage ${root} is ${mb(n)}, over 2 MB`);
  } catch (err) {
    problems.push(`${(err as Error).message} (then run \`npm run check:deploy\` again)`);
  }
  return { weapp, problems, built };
}
