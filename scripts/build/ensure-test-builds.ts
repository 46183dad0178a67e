/**
 * `npm test` runs this before jest: the h5 and weapp builds the browser and simulator suites use
 * are made fresh here, with no time limit, instead of inside a suite's `beforeAll` (where a loaded
 * machine's first build could outlast the hook's timeout). Jest run on its own still builds on
 * demand (test/e2e/helpers/h5-build.ts).
 */
import { ensureTaroBuild } from './taro-build';

for (const type of ['h5', 'weapp'] as const) {
  const t0 = Date.now();
  ensureTaroBuild(type);
  console.log(`taro ${type}: ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
