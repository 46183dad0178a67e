/**
 * Every collection the product touches must be in `schema.json`, so `npm run db:init` creates it:
 * the database is strict (CloudBase answers DATABASE_COLLECTION_NOT_EXIST, and so does the local
 * cloud by default), and a collection missing from the schema fails only in a fresh environment.
 * This collects `COLLECTIONS.<key>` references and literal names passed to `Db` methods or
 * `.collection()` in the functions and the scripts a user runs (seed, start, db, replay); the
 * schema-coverage test and `npm run check:deploy` both report what is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { SCHEMA } from './schema';

const REPO = path.resolve(__dirname, '../..');
/** Where the product's database code lives. */
export const SCHEMA_ROOTS = ['cloudfunctions', 'scripts/seed', 'scripts/db', 'scripts/replay', 'scripts/start.ts'];
const DB_METHODS = 'find|findAll|pages|keysetPage|getById|findByIds|insert|insertUnique|updateById|updateWhere|setById|removeWhere|count|aggregateAll';

/** The non-test TypeScript files under `p` (relative to the repo). */
export function sourceFiles(p: string): string[] {
  const abs = path.join(REPO, p);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [abs];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'testing') return [];
    const rel = path.join(p, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.ts$/.test(e.name) && !/\.test\.ts$|test-helper/.test(e.name) ? [path.join(REPO, rel)] : [];
  });
}

/** Collection names the given source text touches. */
export function collectionsIn(text: string): { keys: string[]; literals: string[] } {
  const keys = [...text.matchAll(/\bCOLLECTIONS\.(\w+)/g)].map((m) => m[1]);
  const literals = [
    ...text.matchAll(new RegExp(`\\b(?:db|this\\.db|o\\.db|deps\\.db)\\.(?:${DB_METHODS})\\(\\s*['"]([\\w-]+)['"]`, 'g')),
    ...text.matchAll(/\.collection\(\s*['"]([\w-]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return { keys, literals };
}

/** `file: name` for every collection the code touches that the schema lacks (empty: all there). */
export function collectionsMissingFromSchema(files: string[] = SCHEMA_ROOTS.flatMap(sourceFiles)): string[] {
  const schemaNames = new Set(SCHEMA.collections.map((c) => c.name));
  const missing: string[] = [];
  for (const f of files) {
    const { keys, literals } = collectionsIn(fs.readFileSync(f, 'utf8'));
    for (const k of keys) {
      const name = (COLLECTIONS as Record<string, string>)[k];
      if (!name || !schemaNames.has(name)) missing.push(`${path.relative(REPO, f)}: COLLECTIONS.${k}`);
    }
    // The local cloud's own stores (`_dev_*`, `_seed`, WeChat's state) are emulator collections.
    for (const l of literals) if (!l.startsWith('_') && !schemaNames.has(l)) missing.push(`${path.relative(REPO, f)}: '${l}'`);
  }
  return missing;
}
