/**
 * Fault: the storage CDN's cache outlives a restart of the local cloud, graceful or `kill -9`
 * (storage/cdn-cache.ts, cdn-journal.ts). A real CDN does not forget what its edges hold because
 * our server restarted, so a temp URL handed out before a delete or an overwrite keeps serving the
 * old bytes after the restart until its own `t` (the stricter reading, the default), a link
 * handed out before the restart still keeps the bytes of a delete after it, and the sweep at start
 * drops what expired while the server was down. The server runs as a child process on a fixed
 * port (links carry the host), the REAL wx-server-sdk in this process drives it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSdk } from '../helpers/local-cloud';
import { pointSdkAt, startServer, type StandaloneServer } from './fixtures/standalone-server';

const bytes = (label: string) => Buffer.from(`${label} `.repeat(2_000));

/** What a link answers now: its status and body. */
async function read(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(encodeURI(url));
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()).toString('utf8') };
}

const stop = async (server: StandaloneServer, signal: NodeJS.Signals) => {
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill(signal);
  await exited;
};

/** Cache files of kept bytes in the data dir (not the journal). */
const cacheFiles = (dataDir: string) =>
  fs.readdirSync(path.join(dataDir, 'storage-cdn')).filter((n) => n !== 'journal.jsonl');

it('keeps serving old bytes to old links across a SIGTERM and a SIGKILL restart, and sweeps expired ones', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-cdn-restart-'));
  let server = await startServer(dataDir);
  const port = Number(new URL(server.url).port);
  pointSdkAt(server.url, dataDir);
  let sdk = loadSdk('local');
  const link = async (fileID: string, maxAge = 600) => {
    const { fileList } = await sdk.getTempFileURL({ fileList: [{ fileID, maxAge }] });
    return fileList[0] as { tempFileURL: string; status: number; errMsg?: string };
  };
  const up = async (name: string, label: string) =>
    (await sdk.uploadFile({ cloudPath: `cdn/${name}`, fileContent: bytes(label) })).fileID as string;
  try {
    const a = await up('a.csv', 'a-v1');
    const b = await up('b.csv', 'b-v1');
    const c = await up('c.csv', 'c-v1');
    const d = await up('d.csv', 'd-v1');
    const [linkA, linkB, linkC, linkD] = [await link(a), await link(b), await link(c), await link(d, 2)];
    await sdk.deleteFile({ fileList: [a, d] });
    await up('c.csv', 'c-v2'); // an overwrite of c
    expect(cacheFiles(dataDir)).toHaveLength(3); // a, c, d

    await stop(server, 'SIGTERM');
    server = await startServer(dataDir, port);
    pointSdkAt(server.url, dataDir);
    sdk = loadSdk('local');
    expect(await read(linkA.tempFileURL)).toEqual({ status: 200, body: bytes('a-v1').toString() });
    expect(await read(linkC.tempFileURL)).toEqual({ status: 200, body: bytes('c-v1').toString() });
    await sdk.deleteFile({ fileList: [b] }); // a link from before the restart keeps this delete's bytes too

    await stop(server, 'SIGKILL');
    // d's link (2 s) expires while the server is down: the sweep at start drops its bytes.
    const dT = Number(new URL(encodeURI(linkD.tempFileURL)).searchParams.get('t'));
    await new Promise((r) => setTimeout(r, Math.max(0, (dT + 1) * 1000 - Date.now())));
    server = await startServer(dataDir, port);
    pointSdkAt(server.url, dataDir);
    sdk = loadSdk('local');
    expect(cacheFiles(dataDir)).toHaveLength(3); // a, c, b: d's went
    expect(await read(linkA.tempFileURL)).toEqual({ status: 200, body: bytes('a-v1').toString() });
    expect(await read(linkB.tempFileURL)).toEqual({ status: 200, body: bytes('b-v1').toString() });
    expect(await read(linkC.tempFileURL)).toEqual({ status: 200, body: bytes('c-v1').toString() });
    expect((await read(linkD.tempFileURL)).status).toBe(403); // expired
    // New links: the deleted files have none, c's new one serves the new bytes.
    expect((await link(a)).status).toBe(-503003);
    expect((await link(b)).status).toBe(-503003);
    expect(await read((await link(c)).tempFileURL)).toEqual({ status: 200, body: bytes('c-v2').toString() });
  } finally {
    await stop(server, 'SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000); // three server starts (tsx) on a loaded machine
