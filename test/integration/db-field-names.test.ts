/**
 * Stored field names through the REAL wx-server-sdk against the local cloud: a name with `.` or a
 * leading `$` is refused (the stricter reading: MongoDB before 5.0 refuses to store them, and which
 * version serves a CloudBase environment is not documented), and the product's Db surfaces it as a
 * DbError instead of storing half a batch silently.
 */
import { Db, DbError } from '../../cloudfunctions/common/db/wx-db';
import { loadSdk, startTestCloud, type TestCloud } from '../helpers/local-cloud';

let local: TestCloud;
let db: Db;
beforeAll(async () => {
  local = await startTestCloud();
  Object.assign(process.env, local.env);
  db = new Db(loadSdk('local').database());
});
afterAll(() => local?.close());

it('refuses dotted and $-prefixed field names, keeps plain ones and update paths', async () => {
  await expect(db.insert('events', [{ _id: 'e1', props: { 'price.fen': 1 } }])).rejects.toBeInstanceOf(DbError);
  await expect(db.insert('events', [{ _id: 'e2', props: { $where: 'x' } }])).rejects.toThrow(/not valid for storage/);
  await db.insert('events', [{ _id: 'e3', props: { priceFen: 1 } }]);
  await expect(db.updateById('events', 'e3', { props: db._.set({ 'a.b': 1 }) })).rejects.toBeInstanceOf(DbError);
  expect(await db.updateById('events', 'e3', { 'props.qty': 2 })).toBe(1);
  expect(await db.getById('events', 'e3')).toEqual({ _id: 'e3', props: { priceFen: 1, qty: 2 } });
  expect(await db.count('events', {})).toBe(1);
});
