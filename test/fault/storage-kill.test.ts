/**
 * Fault: an acknowledged upload survives `kill -9` of the server, and an upload cut off by the kill
 * leaves the previous content whole (write-then-rename, never a torn file). The server runs as a
 * child process; the REAL wx-server-sdk in this process uploads to it, overwriting the same paths
 * with content whose every byte names its version; after a SIGKILL mid-stream and a restart on the
 * same data dir, every path holds one complete version, at least the last acknowledged one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSdk } from '../helpers/local-cloud';
import { waitUntil } from '../helpers/wait-until';
import { pointSdkAt, startServer } from './fixtures/standalone-server';

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
  await waitUntil(() => acked.size === 3, { what: 'an acknowledged upload from every writer', timeoutMs: 120_000 });
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
}, 240_000); // two server starts (tsx) and a restart's checks, on a loaded machine
