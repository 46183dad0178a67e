/**
 * The full local cloud for browser tests: real functions from `cloudfunctions/`, a temp data
 * directory, a free port, timers off, serving the h5 build at `/`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFullCloud, type FullCloud, type FullCloudOptions } from '../../../scripts/local-cloud/cloud';
import { H5_DIR, REPO } from './h5-build';

/** A running cloud and where its data lives. */
export interface E2eCloud {
  cloud: FullCloud;
  dataDir: string;
  /** Function output lines (for failure messages). */
  logs: string[];
  close(): Promise<void>;
}

export async function startE2eCloud(opts: Partial<FullCloudOptions> = {}): Promise<E2eCloud> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-e2e-'));
  // Bundles live under the repo (so `require('wx-server-sdk')` resolves), one folder per run:
  // parallel suites must not rebuild each other's bundles.
  const buildDir = path.join(REPO, '.qx', 'functions-tmp', path.basename(root));
  const logs: string[] = [];
  const cloud = await startFullCloud({
    dataDir: path.join(root, 'data'),
    buildDir,
    functionsDir: path.join(REPO, 'cloudfunctions'),
    h5Dir: H5_DIR,
    timers: false,
    maxInstances: 2,
    log: (fn, line) => {
      logs.push(`[${fn}] ${line}`);
      if (logs.length > 2000) logs.shift();
    },
    ...opts,
  });
  return {
    cloud,
    dataDir: root,
    logs,
    async close() {
      await cloud.close();
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(buildDir, { recursive: true, force: true });
    },
  };
}

/** A small catalog for tests that do not need the full demo seed. Money in fen. */
export const TEST_PRODUCTS = [
  { _id: 'tea_green', name: '有机高山绿茶 250g', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 50 },
  { _id: 'tea_oolong', name: '桂花乌龙茶礼盒', categoryId: 'tea', categoryName: '茶叶', priceFen: 12800, stock: 20 },
  { _id: 'cof_pour', name: '手冲咖啡壶 600ml', categoryId: 'coffee', categoryName: '咖啡器具', priceFen: 12900, stock: 8 },
  { _id: 'cof_bean', name: '云南小粒咖啡豆 500g', categoryId: 'coffee', categoryName: '咖啡器具', priceFen: 6900, stock: 3 },
  { _id: 'snk_nuts', name: '每日坚果 30 袋装', categoryId: 'snack', categoryName: '休闲零食', priceFen: 9900, stock: 100 },
  { _id: 'snk_mango', name: '芒果干 200g', categoryId: 'snack', categoryName: '休闲零食', priceFen: 2590, stock: 0 },
  { _id: 'home_cup', name: '手工粗陶茶杯', categoryId: 'home', categoryName: '家居', priceFen: 3900, stock: 30 },
  { _id: 'home_tray', name: '竹制茶盘', categoryId: 'home', categoryName: '家居', priceFen: 15800, stock: 6 },
];

/** Inserts {@link TEST_PRODUCTS} (or `products`) into `products`. */
export async function seedProducts(cloud: FullCloud, products: Record<string, unknown>[] = TEST_PRODUCTS): Promise<void> {
  await cloud.db.collection('products').insert(products);
}
