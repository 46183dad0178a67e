/**
 * Field names a stored document may not use. MongoDB before 5.0 refuses to store a field name
 * that contains `.` or starts with `$` ("The dotted field … is not valid for storage"); 5.0 allows
 * them but most operators cannot reach such fields. Which version serves a CloudBase environment
 * is not documented, so the local cloud takes the stricter reading and refuses them in inserted and
 * replacing documents and in the values an update stores. (Update PATHS like `'a.b': 1` are paths,
 * not stored names, and stay allowed.) An empty name or one containing NUL (`\0`) is refused by
 * every MongoDB version (BSON names are NUL-terminated C strings; the server refuses empty ones),
 * so it is refused here too. Product code stores only keys it controls (ids that become keys
 * pass the `[A-Za-z0-9_-]` id rule, common/contracts/events.ts) or escapes them (common/db/stored-keys.ts).
 */
import { TcbError } from '../server/envelope';
import type { Doc } from './ejson';

const isPlainObject = (v: unknown): v is Doc =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp) && !Buffer.isBuffer(v);

/** Throws DATABASE_REQUEST_FAILED when `value` holds a field name that cannot be stored. */
export function checkStoredNames(value: unknown, at = ''): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkStoredNames(v, `${at}.${i}`));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (k === '' || k.includes('\0'))
      throw new TcbError('DATABASE_REQUEST_FAILED', `The field name ${JSON.stringify(k)} at '${at.slice(1) || '(top)'}' is not valid for storage: names are not empty and hold no NUL`);
    if (k.includes('.') || k.startsWith('$'))
      throw new TcbError('DATABASE_REQUEST_FAILED', `The field name '${k}' at '${at.slice(1) || '(top)'}' is not valid for storage: no '.' and no leading '$'`);
    checkStoredNames(v, `${at}.${k}`);
  }
}

/** Operators whose operands are stored as they are. */
const STORING = new Set(['$set', '$setOnInsert', '$min', '$max']);

/**
 * The same for a canonical update modifier (`{$set: {path: value}}`; plain merged fields arrive as
 * `$set`): the values `$set`/`$setOnInsert`/`$min`/`$max` store, and the elements `$push`/
 * `$addToSet` add (`$each`'s, not the `$each`/`$sort` modifier itself). Not checked, because
 * nothing of theirs is stored as a field name: `$pull`'s condition (`{$in: …}`), `$rename`'s
 * target path, `$inc`/`$mul` numbers, `$unset`/`$pop`/`$pullAll`.
 */
export function checkUpdateNames(modifier: Doc): void {
  for (const [op, fields] of Object.entries(modifier)) {
    if (!isPlainObject(fields)) continue;
    for (const [path, v] of Object.entries(fields)) {
      if (STORING.has(op)) checkStoredNames(v, `.${path}`);
      else if (op === '$push' || op === '$addToSet') checkStoredNames(isPlainObject(v) && Array.isArray(v.$each) ? v.$each : v, `.${path}`);
    }
  }
}
