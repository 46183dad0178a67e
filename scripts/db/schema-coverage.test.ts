/** The schema covers every collection the code touches (schema-coverage.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { SCHEMA } from './schema';
import { collectionsIn, collectionsMissingFromSchema, SCHEMA_ROOTS, sourceFiles } from './schema-coverage';

it('finds the code it checks', () => {
  expect(SCHEMA_ROOTS.flatMap(sourceFiles).length).toBeGreaterThan(100);
  expect(collectionsIn("db.find('orders', {}); COLLECTIONS.events; x.collection('products')")).toEqual({
    keys: ['events'],
    literals: ['orders', 'products'],
  });
});

it('declares in schema.json every collection COLLECTIONS names, and nothing else', () => {
  expect(SCHEMA.collections.map((c) => c.name).sort()).toEqual(Object.values(COLLECTIONS).sort());
});

it('declares every collection the functions and user-run scripts touch', () => {
  expect(collectionsMissingFromSchema()).toEqual([]);
});

it('names what is missing', () => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qx-cov-')), 'x.ts');
  fs.writeFileSync(f, "await db.setById('ghosts', id, {});");
  expect(collectionsMissingFromSchema([f])).toEqual([expect.stringMatching(/: 'ghosts'$/)]);
});
