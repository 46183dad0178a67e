/**
 * `npm run bench -- <name> [--repeat N] [args]`: runs scripts/bench/<name>.ts N times (default:
 * the bench's `defaultRepeats`, else 1) and prints the MEDIAN of every numeric figure with the load
 * average before and after, as the last line of JSON, also written to bench-results/<name>.json
 * (with each run's figures under `per_run`). Not a test: numbers depend on the machine — compare
 * figures only at a similar load average, and publish those taken on a quiet machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchHelp } from './_help';
import { medianFigures } from './_median-runs';

/** A benchmark module: `run(args)` measures and returns a JSON-able record of figures. */
export interface Bench {
  run(args: string[]): Promise<Record<string, unknown>>;
  /** Runs whose median is reported when `--repeat` is not given (default 1). */
  defaultRepeats?: number;
}

const load1 = (): number => Number(os.loadavg()[0].toFixed(2));

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const at = rest.indexOf('--repeat');
  const repeatArg = at >= 0 ? Number(rest[at + 1]) : null;
  const args = at >= 0 ? [...rest.slice(0, at), ...rest.slice(at + 2)] : rest;
  const dir = __dirname;
  const available = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'main.ts' && !f.includes('.test.') && !f.startsWith('_'))
    .map((f) => f.replace(/\.ts$/, ''));
  if (name === '--help' || name === '-h') {
    console.log(benchHelp(dir, available));
    return;
  }
  if (!name || !available.includes(name)) {
    console.error(`${name ? `unknown bench "${name}"` : 'no bench named'}\n${benchHelp(dir, available)}`);
    process.exit(2);
  }
  const mod = (await import(path.join(dir, `${name}.ts`))) as { default: Bench } | Bench;
  const bench = 'default' in mod ? mod.default : mod;
  const repeats = Math.max(1, Math.floor(repeatArg ?? bench.defaultRepeats ?? 1));
  const loadBefore = load1();
  const runs: Array<Record<string, unknown>> = [];
  for (let i = 0; i < repeats; i++) {
    if (repeats > 1) console.log(`— run ${i + 1}/${repeats} (load average ${load1()}) —`);
    runs.push(await bench.run(args));
  }
  const loadAfter = load1();
  const figures = {
    bench: name,
    at: new Date().toISOString(),
    ...medianFigures(runs),
    repeats,
    cores: os.cpus().length,
    load_avg_1m_before: loadBefore,
    load_avg_1m_after: loadAfter,
  };
  console.log(
    `${name}: median of ${repeats} run${repeats > 1 ? 's' : ''}; load average ${loadBefore} → ${loadAfter} on ${os.cpus().length} cores` +
      (Math.max(loadBefore, loadAfter) > os.cpus().length * 0.5 ? ' (busy machine: re-measure on a quiet one before publishing)' : ''),
  );
  const out = path.resolve(dir, '../../bench-results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify({ ...figures, per_run: runs }, null, 2));
  console.log(JSON.stringify(figures));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
