import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_TIMEOUT_S, discoverFunctions, readFunctionDef } from './function-config';

const PRODUCT = path.resolve(__dirname, '../../../cloudfunctions');

function fnDir(config: unknown): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qx-fc-')), 'fn');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'index.ts'), 'export const main = async () => 1;\n');
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

describe('function timeout', () => {
  it("is CloudBase's default of 3 s when config.json declares none, and at most 60 s", () => {
    expect(readFunctionDef(fnDir({})).timeoutMs).toBe(3_000);
    expect(readFunctionDef(fnDir({ timeout: 20 })).timeoutMs).toBe(20_000);
    expect(readFunctionDef(fnDir({ timeout: 900 })).timeoutMs).toBe(60_000);
  });

  it('is declared by every product function (the default is shorter than any of their work)', () => {
    const fns = discoverFunctions(PRODUCT);
    expect(fns.length).toBeGreaterThan(5);
    for (const f of fns) {
      const raw = JSON.parse(fs.readFileSync(path.join(f.srcDir, 'config.json'), 'utf8')) as { timeout?: number };
      expect({ fn: f.name, timeout: raw.timeout }).toEqual({ fn: f.name, timeout: expect.any(Number) });
      expect(f.timeoutMs).toBeGreaterThan(DEFAULT_TIMEOUT_S * 1000);
    }
    // The timer jobs spend a 40 s budget per call (segment/index.ts BUDGET_MS).
    for (const f of fns.filter((d) => d.triggers.length)) expect({ fn: f.name, ms: f.timeoutMs }).toEqual({ fn: f.name, ms: 60_000 });
  });
});
