import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BundleError, bundleFunction } from './bundle-function';

describe('bundleFunction', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-bundle-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('inlines shared code and the SDK into one CJS file and keeps native ORT external', async () => {
    fs.mkdirSync(path.join(dir, 'common'));
    fs.mkdirSync(path.join(dir, 'fn'));
    fs.writeFileSync(path.join(dir, 'common', 'greet.ts'), 'export const greet = (n: string): string => `hi ${n}`;\n');
    fs.writeFileSync(
      path.join(dir, 'fn', 'index.ts'),
      "import cloud from 'wx-server-sdk';\nimport * as ort from 'onnxruntime-node';\nimport { greet } from '../common/greet';\n" +
        'export async function main(e: { n: string }) { return { g: greet(e.n), c: typeof cloud, o: typeof ort }; }\n',
    );
    const out = path.join(dir, 'out', 'index.js');
    const res = await bundleFunction({ srcDir: path.join(dir, 'fn'), outFile: out });
    const code = fs.readFileSync(out, 'utf8');
    expect(code).not.toContain('require("wx-server-sdk")');
    expect(code).toContain('DYNAMIC_CURRENT_ENV'); // the SDK itself is in the bundle
    const sdkVersion = require('@cloudbase/node-sdk/package.json').version as string; // eslint-disable-line @typescript-eslint/no-require-imports
    expect(code).toMatch(new RegExp(`exports\\d*\\.version = ${JSON.stringify(sdkVersion).replace(/\./g, '\\.')};`));
    expect(code).toContain('require("onnxruntime-node")');
    expect(code).toContain('hi ');
    expect(res.inputs.map((p) => path.basename(p)).sort()).toEqual(['greet.ts', 'index.ts']);
    expect(res.bytes).toBe(fs.statSync(out).size);
    const min = await bundleFunction({ srcDir: path.join(dir, 'fn'), outFile: path.join(dir, 'out', 'min.js'), minify: true });
    expect(min.bytes).toBeLessThan(res.bytes);
  });

  it('reports a missing entry and compile errors clearly', async () => {
    await expect(bundleFunction({ srcDir: dir, outFile: path.join(dir, 'x.js') })).rejects.toThrow(BundleError);
    fs.writeFileSync(path.join(dir, 'index.ts'), "import { nope } from './missing';\nexport const main = () => nope;\n");
    await expect(bundleFunction({ srcDir: dir, outFile: path.join(dir, 'x.js') })).rejects.toThrow(/Could not resolve "\.\/missing"/);
  });
});
