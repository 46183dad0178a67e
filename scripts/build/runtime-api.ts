/**
 * Which JavaScript/Node APIs our function code uses that the deployed runtime lacks — e.g.
 * `structuredClone` (Node ≥ 17) in code deployed to Node 16. Compared by asking both Node binaries
 * what they have: globals, and the static and prototype methods of the built-ins. Scans our own
 * sources that went into a bundle (not node_modules: dependencies are proven by running the
 * bundles under the runtime's Node), with comments stripped.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { transformSync } from 'esbuild';

/** Globals and built-in method names one Node binary offers. */
export interface ApiSurface {
  version: string;
  globals: string[];
  /** `Array.prototype.findLast` → `findLast` under `Array.prototype`. */
  methods: Record<string, string[]>;
}

const PROBE = `
const owners = { Array, 'Array.prototype': Array.prototype, Object, String, 'String.prototype': String.prototype,
  Promise, Math, JSON, Number, Reflect, Atomics, Intl, Map, 'Map.prototype': Map.prototype, Set,
  'Set.prototype': Set.prototype, 'Object.prototype': Object.prototype, ArrayBuffer,
  'ArrayBuffer.prototype': ArrayBuffer.prototype, Error, 'RegExp.prototype': RegExp.prototype,
  'Uint8Array.prototype': Object.getPrototypeOf(Uint8Array.prototype), Buffer, process };
const methods = {};
for (const [k, o] of Object.entries(owners)) methods[k] = Object.getOwnPropertyNames(o);
process.stdout.write(JSON.stringify({ version: process.version, globals: Object.getOwnPropertyNames(globalThis), methods }));
`;

const surfaces = new Map<string, ApiSurface>();

/** What the Node binary at `nodeBin` offers (asked once per binary). */
export function apiSurface(nodeBin: string): ApiSurface {
  let s = surfaces.get(nodeBin);
  if (!s)
    surfaces.set(
      nodeBin,
      (s = JSON.parse(execFileSync(nodeBin, ['-e', PROBE], { encoding: 'utf8' })) as ApiSurface),
    );
  return s;
}

/** One use of an API the runtime lacks. */
export interface MissingApi {
  file: string;
  api: string;
}

const escape = (s: string): string => s.replace(/[$]/g, '\\$');

/**
 * APIs `host` has and `runtime` lacks that `code` uses: a missing global as a free identifier
 * (not after a `.`, not an object key), a missing method as `.name(` (or `.name?.(`).
 */
export function missingApisIn(code: string, runtime: ApiSurface, host: ApiSurface): string[] {
  const have = new Set(runtime.globals);
  const out: string[] = [];
  for (const g of host.globals)
    if (
      !have.has(g) &&
      /^[A-Za-z_$][\w$]*$/.test(g) &&
      new RegExp(`(?<![.\\w$])${escape(g)}\\b(?!\\s*:)`).test(code)
    )
      out.push(g);
  const runtimeMethods = new Set(
    Object.entries(runtime.methods).flatMap(([o, ms]) => ms.map((m) => `${o}.${m}`)),
  );
  const reported = new Set<string>();
  for (const [owner, ms] of Object.entries(host.methods))
    for (const m of ms) {
      if (runtimeMethods.has(`${owner}.${m}`) || !/^[A-Za-z_$][\w$]*$/.test(m) || m.length < 3) continue;
      // A static lives on its owner (`Object.groupBy`); a prototype method on any receiver (`.findLast(`).
      const re = owner.endsWith('.prototype')
        ? new RegExp(`\\.${escape(m)}\\s*(\\?\\.)?\\(`)
        : new RegExp(`\\b${escape(owner)}\\s*\\.\\s*${escape(m)}\\b`);
      if (re.test(code) && !reported.has(`${owner}.${m}`)) {
        reported.add(`${owner}.${m}`);
        out.push(`${owner}.${m}`);
      }
    }
  return out;
}

/** Source files (TS/JS) among `files`, each scanned with comments stripped. */
export function missingApis(files: string[], runtime: ApiSurface, host: ApiSurface): MissingApi[] {
  const out: MissingApi[] = [];
  for (const file of files) {
    if (!/\.[cm]?[jt]sx?$/.test(file)) continue;
    const src = fs.readFileSync(file, 'utf8');
    const code = transformSync(src, {
      loader: file.endsWith('x') ? 'tsx' : 'ts',
      minifyWhitespace: true,
      legalComments: 'none',
    }).code;
    for (const api of missingApisIn(code, runtime, host)) out.push({ file, api });
  }
  return out;
}

/**
 * Problems of running function `name` under Node `runtimeVersion`: APIs its own sources use that
 * that release lacks (compared with the Node running this check), and a failing load of its
 * bundle `dir/index.js` in a fresh process of that release.
 */
export function runtimeProblems(
  pkg: { name: string; dir?: string; sources: string[] },
  runtimeNodeBin: string,
): string[] {
  const runtime = apiSurface(runtimeNodeBin);
  const problems = missingApis(pkg.sources, runtime, apiSurface(process.execPath)).map(
    (m) =>
      `${m.file.replace(/^.*?(cloudfunctions[\\/])/, '$1')} uses ${m.api}, which Node ${runtime.version} (the declared runtime) lacks`,
  );
  if (pkg.dir) {
    try {
      execFileSync(runtimeNodeBin, ['-e', "require('./index.js')"], {
        cwd: pkg.dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 60_000,
      });
    } catch (err) {
      const lines = String((err as { stderr?: Buffer }).stderr ?? '').split('\n');
      const why = lines.find((l) => /^\w*Error\b/.test(l)) ?? lines.filter(Boolean).pop();
      problems.push(`index.js does not load under Node ${runtime.version}: ${why ?? (err as Error).message}`);
    }
  }
  return problems;
}
