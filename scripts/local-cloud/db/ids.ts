/** `_id` generation like the real service: 32 lowercase hex chars, time-prefixed so ids sort by creation. */
import crypto from 'node:crypto';

const machine = crypto.randomBytes(8).toString('hex');
let counter = crypto.randomBytes(4).readUInt32BE(0);

/** A new unique document id, e.g. `6561c0a1` + 16 hex of process identity + 8 hex counter. */
export function newDocId(): string {
  counter = (counter + 1) >>> 0;
  const t = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return t + machine + counter.toString(16).padStart(8, '0');
}
