/**
 * The app (Taro, miniprogram/) compiles TypeScript outside `miniprogram/src` only where its config's
 * `compile.include` says (miniprogram/config/index.ts). A value import from the app into
 * cloudfunctions/ that leads to a file outside that list builds nowhere: webpack meets raw
 * TypeScript and the h5 and weapp builds fail (0e80ebb did that: contracts/schedule-pick.ts began to
 * import common/beijing-time.ts, and every e2e suite failed). Typecheck and the unit suites cannot
 * see it; this test walks the app's value imports into cloudfunctions/ and finds it in a second.
 * Type-only imports are erased before webpack and are not followed.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const REPO = path.resolve(__dirname, '../..');
const APP_SRC = path.join(REPO, 'miniprogram', 'src');
const CLOUD = path.join(REPO, 'cloudfunctions');

/**
 * What the Taro config compiles in from cloudfunctions/ on every platform: the paths its
 * `compile: { include: [...] }` lists name (constants defined as `path.resolve(__dirname, '…')`),
 * only those every list names (a file compiled for h5 but not weapp still breaks a build).
 */
function compiledIn(): string[] {
  const config = fs.readFileSync(path.join(REPO, 'miniprogram', 'config', 'index.ts'), 'utf8');
  const named = new Map(
    [...config.matchAll(/const (\w+) = path\.resolve\(__dirname, '([^']+)'\)/g)].map((m) => [m[1], path.resolve(REPO, 'miniprogram', 'config', m[2])]),
  );
  const lists = [...config.matchAll(/compile: \{ include: \[([^\]]*)\] \}/g)].map((m) => m[1].split(',').map((x) => x.trim()));
  expect(lists.length).toBeGreaterThanOrEqual(2); // mini (weapp) and h5
  const everywhere = lists[0].filter((id) => lists.every((l) => l.includes(id)));
  return everywhere.map((id) => named.get(id)).filter((p): p is string => !!p);
}

/** Relative module specifiers `file` imports or re-exports as values (not `import type`, not all-`type` names). */
function valueImports(file: string): string[] {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const s of src.statements) {
    if (ts.isImportDeclaration(s)) {
      const c = s.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push((s.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(s) && s.moduleSpecifier && !s.isTypeOnly) {
      const named = s.exportClause && ts.isNamedExports(s.exportClause) ? s.exportClause.elements : undefined;
      if (!(named && named.length > 0 && named.every((e) => e.isTypeOnly))) out.push((s.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return out.filter((m) => m.startsWith('.'));
}

/** The file a relative specifier names (`.ts`, `.tsx`, `/index.ts`), or undefined for anything else. */
function resolveTs(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => /\.tsx?$/.test(f) && fs.existsSync(f));
}

function appFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return appFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('the app compiles every file it imports from cloudfunctions/', () => {
  it('each cloudfunctions/ file the app reaches by a value import is in compile.include', () => {
    const include = compiledIn();
    expect(include.length).toBeGreaterThanOrEqual(1);
    const covered = (f: string) => include.some((p) => f === p || f.startsWith(p + path.sep));
    const seen = new Set<string>();
    const outside: string[] = [];
    const walk = (file: string, via: string) => {
      for (const spec of valueImports(file)) {
        const target = resolveTs(file, spec);
        if (!target || !target.startsWith(CLOUD + path.sep) || seen.has(target)) continue;
        seen.add(target);
        if (!covered(target)) outside.push(`${path.relative(REPO, target)} (imported by ${path.relative(REPO, file)}, from ${via})`);
        walk(target, via);
      }
    };
    for (const f of appFiles(APP_SRC)) walk(f, path.relative(REPO, f));
    expect(seen.size).toBeGreaterThan(0); // the app does import contracts: the walk found them
    expect(outside).toEqual([]);
  });
});
