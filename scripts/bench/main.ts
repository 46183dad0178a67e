/**
 * `npm run bench -- <name> [args]`: runs scripts/bench/<name>.ts, whose default export prints its
 * figures and returns them; this runner prints them as the last line of JSON and writes
 * bench-results/<name>.json. Not a test: numbers depend on the machine.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A benchmark module: `run(args)` measures and returns a JSON-able record of figures. */
export interface Bench {
  run(args: string[]): Promise<Record<string, unknown>>;
}

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const dir = __dirname;
  const available = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'main.ts' && !f.includes('.test.') && !f.startsWith('_'))
    .map((f) => f.replace(/\.ts$/, ''));
  if (!name || !available.includes(name)) {
    console.error(`usage: npm run bench -- <${available.join('|')}> [args]`);
    process.exit(2);
  }
  const mod = (await import(path.join(dir, `${name}.ts`))) as { default: Bench } | Bench;
  const bench = 'default' in mod ? mod.default : mod;
  const figures = { bench: name, at: new Date().toISOString(), ...(await bench.run(args)) };
  const out = path.resolve(dir, '../../bench-results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify(figures, null, 2));
  console.log(JSON.stringify(figures));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
