import { Collection } from './collection';
import { replicaOf } from './stale-reads';

/** A primary's collection and its lagging replica, with writes recorded as the engine's apply does. */
function primary() {
  const c = new Collection('c');
  const colls = new Map([['c', c]]);
  const replica = replicaOf({ staleReadMs: 600_000 }, colls)!;
  const put = (id: string, n: number) => {
    replica.record('c', id, c.docs.get(id));
    c.set(id, { _id: id, n });
  };
  const remove = (id: string) => {
    replica.record('c', id, c.docs.get(id));
    c.delete(id);
  };
  const view = () => replica.views((name) => colls.get(name)).get('c') ?? c;
  return { c, replica, put, remove, view };
}

it('a lagging read shows a removed document where it stood in natural order, as a secondary does', () => {
  const p = primary();
  for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) p.c.set(id, { _id: id, n: i });
  p.remove('a');
  p.remove('c');
  // A scan walks natural order: a secondary that has not applied the removals still has a, c in place.
  expect([...p.view().docs.keys()]).toEqual(['a', 'b', 'c', 'd']);
  expect([...p.c.docs.keys()]).toEqual(['b', 'd']);
});

it('undoes an update in place, an insert by removal, and a remove-then-insert back to the old document', () => {
  const p = primary();
  p.c.set('a', { _id: 'a', n: 1 });
  p.c.set('b', { _id: 'b', n: 2 });
  p.put('a', 10);
  p.put('z', 26);
  p.remove('b');
  p.put('b', 20);
  expect([...p.view().docs.values()]).toEqual([{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]);
  p.replica.catchUp();
  expect([...p.view().docs.values()]).toEqual([{ _id: 'a', n: 10 }, { _id: 'z', n: 26 }, { _id: 'b', n: 20 }]);
});
