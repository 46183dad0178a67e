/**
 * What `npm run bench -- --help` prints: each bench's usage line and first sentence, read from the
 * JSDoc at the top of its file (the one place each bench already documents itself), so the list
 * cannot drift from the benches.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One bench's usage (`npm run bench -- name [args]`) and what it measures, from its file's JSDoc. */
export function benchSummary(file: string): { usage: string; about: string } {
  const name = path.basename(file, '.ts');
  const doc = /\/\*\*([\s\S]*?)\*\//.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? '';
  const text = doc
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, '').trim())
    .filter(Boolean)
    .join(' ');
  const usage = /`(npm run bench -- [^`]+)`/.exec(text)?.[1] ?? `npm run bench -- ${name}`;
  const rest = text.replace(/`npm run bench -- [^`]+`\s*[:—-]?\s*/, '').trim();
  // The first sentence, at most ~140 characters (a full stop inside a figure such as 0.05 is not an end).
  const first = /^(.{8,}?\.)(\s|$)/.exec(rest)?.[1] ?? rest;
  const about = first.length > 140 ? `${first.slice(0, 139)}…` : first;
  return { usage, about };
}

/** The help text for the benches in `dir` (`names` in the order shown). */
export function benchHelp(dir: string, names: string[]): string {
  const lines = names.map((n) => {
    const s = benchSummary(path.join(dir, `${n}.ts`));
    return `  ${s.usage}\n      ${s.about}`;
  });
  return [
    'usage: npm run bench -- <name> [--repeat N] [args]',
    'Runs the bench N times (default: its own count), prints the median of each figure with the load',
    'average before and after, and writes bench-results/<name>.json. Benches:',
    ...lines,
  ].join('\n');
}
