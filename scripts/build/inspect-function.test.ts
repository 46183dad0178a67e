import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLOUD_RUNTIME } from './cloud-runtime';
import { inspectFunction, openapiCalls } from './inspect-function';

function fakePackage(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-fn-'));
  for (const [f, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), body);
  }
  return dir;
}

describe('inspectFunction', () => {
  it('finds openapi calls in minified code', () => {
    expect(openapiCalls('a.openapi.subscribeMessage.send({touser:x});b.openapi.security.msgSecCheck ({})')).toEqual([
      'security.msgSecCheck',
      'subscribeMessage.send',
    ]);
  });

  it('passes a package that declares exactly what it calls and has a valid trigger', () => {
    const dir = fakePackage({
      'index.js': 'exports.main=async()=>c.openapi.subscribeMessage.send({})',
      'config.json': JSON.stringify({
        runtime: CLOUD_RUNTIME,
        timeout: 60,
        permissions: { openapi: ['subscribeMessage.send'] },
        triggers: [{ name: 't', type: 'timer', config: '0 */10 * * * * *' }],
      }),
    });
    expect(inspectFunction(dir).problems).toEqual([]);
  });

  it('flags undeclared and unused permissions, bad cron and extra triggers', () => {
    const dir = fakePackage({
      'index.js': 'exports.main=async()=>c.openapi.subscribeMessage.send({})',
      'config.json': JSON.stringify({
        permissions: { openapi: ['templateMessage.send'] },
        triggers: [
          { name: 'a', type: 'timer', config: '0 0 2 * * *' },
          { name: 'b', type: 'timer', config: '0 0 2 * * * *' },
        ],
      }),
    });
    const p = inspectFunction(dir).problems.join('\n');
    expect(p).toMatch(/calls openapi subscribeMessage.send but/);
    expect(p).toMatch(/declares openapi templateMessage.send but never/);
    expect(p).toMatch(/2 triggers/);
    expect(p).toMatch(/cron "0 0 2 \* \* \*"/);
    expect(p).toMatch(/config.json runtime is missing; every function deploys to Nodejs/);
  });

  it('flags a function declaring another runtime than the one we deploy to', () => {
    const dir = fakePackage({
      'index.js': 'exports.main=async()=>1',
      'config.json': JSON.stringify({ runtime: 'Nodejs16.13', timeout: 20, permissions: { openapi: [] } }),
    });
    expect(inspectFunction(dir).problems).toEqual([`config.json runtime is Nodejs16.13; every function deploys to ${CLOUD_RUNTIME}`]);
  });

  it('reads the memory a function needs and flags a size CloudBase does not offer', () => {
    const pkg = (memorySize?: number) =>
      inspectFunction(
        fakePackage({
          'index.js': 'exports.main=async()=>1',
          'config.json': JSON.stringify({ runtime: CLOUD_RUNTIME, timeout: 10, ...(memorySize ? { memorySize } : {}) }),
        }),
      );
    expect(pkg()).toMatchObject({ memoryMb: 256, problems: [] });
    expect(pkg(1024)).toMatchObject({ memoryMb: 1024, problems: [] });
    expect(pkg(1000).problems).toEqual(['config.json memorySize 1000 is not a CloudBase size (64, 128, then steps of 128 up to 3072 MB)']);
  });

  it("flags a function without a timeout (the console's default is 3 s) or over 60 s, and reports the one to set", () => {
    const pkg = (timeout?: unknown) =>
      inspectFunction(
        fakePackage({
          'index.js': 'exports.main=async()=>1',
          'config.json': JSON.stringify({ runtime: CLOUD_RUNTIME, ...(timeout === undefined ? {} : { timeout }) }),
        }),
      );
    expect(pkg()).toMatchObject({ timeoutS: 3, problems: ["config.json timeout null must be 1–60 s (without it the cloud's default of 3 s applies)"] });
    expect(pkg(120).problems).toEqual(["config.json timeout 120 must be 1–60 s (without it the cloud's default of 3 s applies)"]);
    expect(pkg(60)).toMatchObject({ timeoutS: 60, problems: [] });
  });

  it('flags a native file that needs a glibc newer than 2.17', () => {
    // Build a minimal ELF64 with one verneed entry GLIBC_2.28 to stand for a too-new library.
    const strtab = Buffer.from('\0libc.so.6\0GLIBC_2.28\0');
    const verneed = Buffer.alloc(16 + 16);
    verneed.writeUInt16LE(1, 0); verneed.writeUInt16LE(1, 2); verneed.writeUInt32LE(1, 4);
    verneed.writeUInt32LE(16, 8); verneed.writeUInt32LE(0, 12);
    verneed.writeUInt32LE(0, 16); verneed.writeUInt32LE(11, 24); verneed.writeUInt32LE(0, 28);
    const header = Buffer.alloc(64);
    header.writeUInt32BE(0x7f454c46, 0); header[4] = 2; header[5] = 1;
    const dataOff = 64, strOff = dataOff, vnOff = strOff + strtab.length, shOff = vnOff + verneed.length;
    header.writeBigUInt64LE(BigInt(shOff), 0x28); header.writeUInt16LE(64, 0x3a); header.writeUInt16LE(3, 0x3c);
    const sh = Buffer.alloc(64 * 3);
    sh.writeUInt32LE(3, 64 + 4); sh.writeBigUInt64LE(BigInt(strOff), 64 + 0x18);
    sh.writeUInt32LE(0x6ffffffe, 128 + 4); sh.writeBigUInt64LE(BigInt(vnOff), 128 + 0x18);
    sh.writeUInt32LE(1, 128 + 0x28); sh.writeUInt32LE(1, 128 + 0x2c);
    const dir = fakePackage({
      'index.js': 'exports.main=async()=>1',
      'config.json': '{}',
      'node_modules/x/lib.so.1': Buffer.concat([header, strtab, verneed, sh]),
    });
    const r = inspectFunction(dir);
    expect(r.maxGlibc).toBe('2.28');
    expect(r.problems.join()).toMatch(/needs GLIBC_2.28/);
  });
});
