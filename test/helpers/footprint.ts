/**
 * Where one customer's data lies in a local cloud: every document of every collection and every
 * stored file (gzip unpacked) that contains any of the customer's marks (their openid, their review
 * text). The erasure suites scan before and after `deleteMyData` and hold what remains against an
 * allow-list with reasons. Collections whose name starts with `_` are the emulator's own state of
 * WeChat's side (its users, grants, sent messages) — WeChat's data, not ours — and are skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FullCloud } from '../../scripts/local-cloud/cloud';

/** One place a mark was found. */
export interface Finding {
  /** `db` = a document (`where` = collection, `id` = its _id); `file` = a stored file (`where` = its cloud path). */
  kind: 'db' | 'file';
  where: string;
  id?: string;
  /** The marks it contains. */
  marks: string[];
  /** The document (db) or the file's text (file), for the allow-list's predicates. */
  text: string;
  doc?: Record<string, unknown>;
}

const marksIn = (text: string, marks: readonly string[]) => marks.filter((m) => text.includes(m));

/** Every document of every (non-emulator) collection holding a mark. */
export function scanCollections(cloud: FullCloud, marks: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const name of cloud.db.collections()) {
    if (name.startsWith('_')) continue;
    const coll = cloud.db.collection(name);
    const docs = [];
    for (let skip = 0, page; (page = coll.find({}, { skip, limit: 1000, natural: true })).length; skip += page.length)
      docs.push(...page);
    for (const doc of docs) {
      const text = JSON.stringify(doc);
      const found = marksIn(text, marks);
      if (found.length) out.push({ kind: 'db', where: name, id: String(doc._id), marks: found, text, doc });
    }
  }
  return out;
}

function* files(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.tmp') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

/** The cloud path of a file under `<dataDir>/storage/<env>/` (segments carry `.d`/`.f` suffixes on disk). */
function cloudPathOf(root: string, file: string): string {
  return path
    .relative(root, file)
    .split(path.sep)
    .map((s) => s.replace(/\.[df]$/, ''))
    .join('/');
}

/** Every stored file holding a mark (gzip files are unpacked first). */
export function scanStorage(dataDir: string, marks: readonly string[]): Finding[] {
  const root = path.join(dataDir, 'storage');
  const out: Finding[] = [];
  for (const f of files(root)) {
    let buf = fs.readFileSync(f);
    if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
    const text = buf.toString('utf8');
    const found = marksIn(text, marks);
    if (found.length) out.push({ kind: 'file', where: cloudPathOf(root, f), marks: found, text });
  }
  return out;
}

/** An allowed remainder: what it matches and why it may stay. */
export interface Allowed {
  reason: string;
  matches(f: Finding): boolean;
}

/** Findings no allow-list entry covers. */
export const unexplained = (found: Finding[], allow: readonly Allowed[]): Finding[] =>
  found.filter((f) => !allow.some((a) => a.matches(f)));

/** A short line per finding (test failure messages). */
export const describeFindings = (found: Finding[]): string[] =>
  found.map((f) => `${f.kind}:${f.where}${f.id ? `/${f.id}` : ''} [${f.marks.join(',')}]`);
