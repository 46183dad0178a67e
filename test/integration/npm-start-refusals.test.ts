/**
 * `npm start` refuses what it cannot do before doing anything slow or destructive: a port already
 * taken used to be found only after the h5 build (2 min 13 s in review24's walk), and
 * `npm start -- --reset` wiped the data dir of a local cloud still running on it (on another port
 * the new instance then took a fresh lock file and ran beside it).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { lockDataDir } from '../../scripts/local-cloud/store/data-dir-lock';

jest.setTimeout(180_000);
const REPO = path.resolve(__dirname, '../..');

function listening(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}
const portOf = (srv: net.Server) => (srv.address() as net.AddressInfo).port;

/** Runs `npm start -- --reset --skip-h5`; resolves with its exit code and output, or null if it is still running after `ms`. */
function startReset(port: number, dataDir: string, ms = 90_000): Promise<{ code: number | null; out: string } | null> {
  const child = spawn(path.join(REPO, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts', '--reset', '--skip-h5'], {
    cwd: REPO,
    env: { ...process.env, PORT: String(port), QX_DATA_DIR: dataDir, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      resolve(null);
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('npm start refuses before it builds or wipes', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-start-refuse-'));
  const marker = path.join(dataDir, 'kept.txt');
  beforeEach(() => fs.writeFileSync(marker, 'data of a running shop'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('a port already taken: says so, and --reset keeps the data dir', async () => {
    const taken = await listening();
    try {
      const r = await startReset(portOf(taken), dataDir);
      expect(r).not.toBeNull();
      expect(r!.code).toBe(1);
      expect(r!.out).toContain(`端口 ${portOf(taken)} 已被占用`);
      expect(r!.out).not.toContain('已清空本地数据');
      expect(fs.existsSync(marker)).toBe(true);
    } finally {
      taken.close();
    }
  });

  it('a data dir another local cloud holds: --reset refuses it and wipes nothing', async () => {
    const release = lockDataDir(dataDir); // as a running instance holds it
    const free = await listening();
    const port = portOf(free);
    await new Promise((r) => free.close(r));
    try {
      const r = await startReset(port, dataDir);
      expect(r).not.toBeNull();
      expect(r!.code).toBe(1);
      expect(r!.out).toMatch(/is in use by process \d+/);
      expect(fs.existsSync(marker)).toBe(true);
    } finally {
      release();
    }
  });
});
