/**
 * Fault: an acknowledged upload survives `kill -9` of the server, and an upload cut off by the kill
 * leaves the previous content whole (write-then-rename, never a torn file). The server runs as a
 * child process; the REAL wx-server-sdk in this process uploads to it, overwriting the same paths
 * with content whose every byte names its version; after a SIGKILL mid-stream and a restart on the
 * same data dir, every path holds one complete version, at least the last acknowledged one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSdk } from '../helpers/local-cloud';
import { credentialsEnv, readCredentials } from '../../scripts/local-cloud';

const SERVER = path.resolve(__dirname, '../../scripts/local-cloud/server/standalone.ts');

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.on(
      'exit',
      (code) => code !== null && code !== 0 && reject(new Error(`server exited ${code}: ${err}`)),
    );
  });
}

/** Points the SDK at the server, signing with the keys that run wrote to its data dir. */
const pointSdkAt = (url: string, dataDir: string) =>
  Object.assign(process.env, {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }),
    ...credentialsEnv(readCredentials(dataDir)),
    TENCENTCLOUD: 'true',
    SILENCE: 'true',
  });

/** 300 KB whose every byte is the version number (mod 256), so a torn file is visible. */
const versionBody = (v: number) => Buffer.alloc(300_000, v % 256);

it('keeps every acknowledged upload and never a torn file across SIGKILL', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-storage-kill-'));
  let server = await startServer(dataDir);
  pointSdkAt(server.url, dataDir);
  const sdk = loadSdk('local');
  const acked = new Map<string, { fileID: string; v: number }>();
  let killed = false;
  const writer = async (w: number) => {
    for (let v = 1; !killed; v++) {
      const cloudPath = `kill/w${w}.bin`;
      try {
        const { fileID } = await sdk.uploadFile({ cloudPath, fileContent: versionBody(v) });
        acked.set(cloudPath, { fileID, v });
      } catch {
        return;
      }
    }
  };
  const writers = [0, 1, 2].map(writer);
  // every writer has an acknowledged upload (slow on a loaded machine), then a little more traffic
  for (let i = 0; i < 300 && acked.size < 3; i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  killed = true;
  server.child.kill('SIGKILL');
  await Promise.all(writers);
  expect(acked.size).toBe(3);

  server = await startServer(dataDir);
  pointSdkAt(server.url, dataDir);
  try {
    for (const { fileID, v } of acked.values()) {
      const { fileContent } = await sdk.downloadFile({ fileID });
      const got = fileContent as Buffer;
      expect(got.length).toBe(300_000);
      const first = got[0];
      expect(got.every((b) => b === first)).toBe(true); // one complete version
      // the last acked version, or the one in flight at the kill (committed, answer lost)
      expect([v % 256, (v + 1) % 256]).toContain(first);
    }
    expect(fs.readdirSync(path.join(dataDir, 'storage', '.tmp'))).toEqual([]);
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
