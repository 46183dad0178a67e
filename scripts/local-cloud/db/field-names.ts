/**
 * Field names a stored document may not use. Two rules (`QX_FIELD_NAMES`, engine option `fieldNames`):
 *
 * - 'faq' (the default, the stricter one): the CloudBase database FAQ ("数据库文档 field 格式有何
 *   限制") — letters, digits, `_` and `.`, at most 32 characters, not starting with `_`, `/` or
 *   `.` — with MongoDB's "no `.`" on top, so `^[A-Za-z0-9][A-Za-z0-9_]{0,31}$`. Whether CloudBase
 *   applies it to nested keys is not documented, so it applies at every depth, and to every segment
 *   of an update path that creates a field (`'holds.ab-cd': x` creates `ab-cd`; array indices are
 *   digits, positional `$`/`$[]`/`$[id]` segments name no field). Exempt: what CloudBase writes
 *   itself, `_id` and `_openid` at the top level.
 * - 'mongo' (for debugging code written against MongoDB's own rule): only what every MongoDB before 5.0
 *   refuses — an empty name, a NUL, a `.`, a leading `$` — in stored documents and values, not in
 *   update paths.
 *
 * Only what a request stores is checked, never the document it updates: a document stored before
 * under the looser rule stays readable, updatable and removable (`$unset`/`$pull` paths are free).
 */
import { isStoredName } from '../../../cloudfunctions/common/db/stored-keys';
import { TcbError } from '../server/envelope';
import type { Doc } from './ejson';
import { envChoice } from '../../../cloudfunctions/common/db/env-choice';

/** Which field names the local cloud stores; see the module comment. */
export type FieldNameRule = 'faq' | 'mongo';

/** The rule without `QX_FIELD_NAMES`: the stricter one, where WeChat does not say which applies. */
export const DEFAULT_FIELD_NAMES: FieldNameRule = 'faq';

/** The rule `opts` asks for, else `QX_FIELD_NAMES`, else {@link DEFAULT_FIELD_NAMES}; anything else is refused. */
export function fieldNameRule(opts: { fieldNames?: FieldNameRule } = {}): FieldNameRule {
  return envChoice('QX_FIELD_NAMES', ['faq', 'mongo'], opts.fieldNames, DEFAULT_FIELD_NAMES);
}

const isPlainObject = (v: unknown): v is Doc =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp) && !Buffer.isBuffer(v);

const SYSTEM = new Set(['_id', '_openid']);
const FAQ = "CloudBase field names are letters, digits and '_', at most 32 characters, not starting with '_' (QX_FIELD_NAMES=mongo: MongoDB's looser rule)";
const where = (at: string) => at.slice(1) || '(top)';

/** Throws DATABASE_REQUEST_FAILED naming `k` and where it is when `k` may not be stored. */
function checkName(k: string, at: string, rule: FieldNameRule): void {
  if (k === '' || k.includes('\0'))
    throw new TcbError('DATABASE_REQUEST_FAILED', `The field name ${JSON.stringify(k)} at '${where(at)}' is not valid for storage: names are not empty and hold no NUL`);
  if (k.includes('.') || k.startsWith('$'))
    throw new TcbError('DATABASE_REQUEST_FAILED', `The field name '${k}' at '${where(at)}' is not valid for storage: no '.' and no leading '$'`);
  if (rule === 'faq' && !isStoredName(k) && !(at === '' && SYSTEM.has(k)))
    throw new TcbError('DATABASE_REQUEST_FAILED', `The field name ${JSON.stringify(k)} at '${where(at)}' is not valid for storage: ${FAQ}`);
}

/** Throws DATABASE_REQUEST_FAILED when `value` holds a field name that cannot be stored (`at`: its path, `.`-prefixed). */
export function checkStoredNames(value: unknown, rule: FieldNameRule, at = ''): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkStoredNames(v, rule, `${at}.${i}`));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    checkName(k, at, rule);
    checkStoredNames(v, rule, `${at}.${k}`);
  }
}

/** Operators whose operands are stored as they are. */
const STORING = new Set(['$set', '$setOnInsert', '$min', '$max']);
/** Operators whose path may create a field ('faq' checks its segments). */
const CREATING = new Set([...STORING, '$inc', '$mul', '$push', '$addToSet', '$currentDate']);
const POSITIONAL = /^\$(?:\[[A-Za-z0-9_]*\])?$/;

/** Every segment of `path` that names a field (digits index arrays; positional segments name none). */
function checkPath(path: string, rule: FieldNameRule): void {
  let at = '';
  for (const seg of path.split('.')) {
    if (!POSITIONAL.test(seg)) checkName(seg, at, rule);
    at = `${at}.${seg}`;
  }
}

/**
 * The same for a canonical update modifier (`{$set: {path: value}}`; plain merged fields arrive as
 * `$set`): the values `$set`/`$setOnInsert`/`$min`/`$max` store, and the elements `$push`/
 * `$addToSet` add (`$each`'s, not the `$each`/`$sort` modifier itself); under 'faq' also the paths
 * of operators that create fields and `$rename`'s target. Not checked, because nothing of theirs is
 * stored as a field name: `$pull`'s condition (`{$in: …}`), `$inc`/`$mul` numbers, the paths of
 * `$unset`/`$pop`/`$pull`/`$pullAll` (they remove).
 */
export function checkUpdateNames(modifier: Doc, rule: FieldNameRule): void {
  for (const [op, fields] of Object.entries(modifier)) {
    if (!isPlainObject(fields)) continue;
    for (const [path, v] of Object.entries(fields)) {
      if (rule === 'faq' && CREATING.has(op)) checkPath(path, rule);
      if (rule === 'faq' && op === '$rename' && typeof v === 'string') checkPath(v, rule);
      if (STORING.has(op)) checkStoredNames(v, rule, `.${path}`);
      else if (op === '$push' || op === '$addToSet') checkStoredNames(isPlainObject(v) && Array.isArray(v.$each) ? v.$each : v, rule, `.${path}`);
    }
  }
}
