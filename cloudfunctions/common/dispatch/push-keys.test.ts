import { isStoredName, storedKey } from '../db/stored-keys';
import { evictions, pushedPath, pushedValue, remembers } from './push-keys';

const KEY = 'popup:oABCD1234efgh5678ijkl9012mnop:1700000000:tpl_price_drop';

it('stores a push key under a legal name, the key itself beside its time when the name is hashed', () => {
  const path = pushedPath(KEY);
  expect(path.startsWith('pushed.qh_')).toBe(true);
  expect(isStoredName(path.slice('pushed.'.length))).toBe(true);
  expect(pushedValue(KEY, 5)).toEqual({ n: KEY, v: 5 });
  expect(pushedPath('k1')).toBe('pushed.k1');
  expect(pushedValue('k1', 5)).toBe(5);
});

it('remembers a key held in the map or in the array of a document written before it', () => {
  expect(remembers(null, KEY)).toBe(false);
  expect(remembers({ pushed: { [storedKey(KEY)]: { n: KEY, v: 1 } } }, KEY)).toBe(true);
  expect(remembers({ pushKeys: [KEY] }, KEY)).toBe(true);
  expect(remembers({ pushed: { k2: 1 }, pushKeys: ['k3'] }, KEY)).toBe(false);
  // An inherited name is not a remembered key.
  expect(remembers({ pushed: {} }, 'constructor')).toBe(false);
});

it('drops the oldest entries so that one more leaves `kept`, ties by name', () => {
  const doc = { pushed: { a: 3, b: 1, c: 2, [storedKey(KEY)]: { n: KEY, v: 1 } } };
  expect(evictions(doc, 5)).toEqual([]);
  expect(evictions(doc, 4)).toEqual([`pushed.${storedKey(KEY)}`]);
  expect(evictions(doc, 2)).toEqual(['pushed.c', 'pushed.b', `pushed.${storedKey(KEY)}`]);
  expect(evictions({ pushKeys: ['x'] }, 1)).toEqual([]);
});
