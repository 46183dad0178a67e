import fs from 'node:fs';
import path from 'node:path';
import { clientWaitMs, FUNCTION_TIMEOUT_S, PLATFORM_OVERHEAD_MS, type FunctionName } from './function-limits';

const FUNCTIONS = path.resolve(__dirname, '../..');
/** Every function folder (a config.json beside an index.ts), as build:cloud packages them. */
const folders = fs.readdirSync(FUNCTIONS).filter((d) => fs.existsSync(path.join(FUNCTIONS, d, 'config.json')));

describe('the functions’ limits (one table for config.json and the app’s wait)', () => {
  it('names every function folder, and no other', () => {
    expect(folders.sort()).toEqual(Object.keys(FUNCTION_TIMEOUT_S).sort());
  });

  it.each(folders)("%s: config.json's timeout is the table's, within WeChat's 1–60 s, and the app waits longer", (fn) => {
    const config = JSON.parse(fs.readFileSync(path.join(FUNCTIONS, fn, 'config.json'), 'utf8')) as { timeout?: number };
    const limit = FUNCTION_TIMEOUT_S[fn as FunctionName];
    expect(config.timeout).toBe(limit);
    expect(limit).toBeGreaterThanOrEqual(1);
    expect(limit).toBeLessThanOrEqual(60);
    expect(config.timeout! * 1000).toBeLessThanOrEqual(clientWaitMs(fn as FunctionName) - PLATFORM_OVERHEAD_MS);
  });

  it('waits past 15 s for a function allowed longer (the app once gave every call 15 s)', () => {
    expect(clientWaitMs('admin')).toBe(65_000);
    expect(clientWaitMs('privacy')).toBe(25_000);
    expect(clientWaitMs('shop')).toBe(15_000);
  });
});
