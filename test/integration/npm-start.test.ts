/**
 * `npm start` as a user runs it (scripts/start.ts in its own process): it starts the local cloud
 * on 127.0.0.1, seeds the demo shop on first start, segments it, serves its first value refit,
 * prints the sign-in URL, stops cleanly on SIGTERM, and keeps its data across a restart without seeding again.
 * The h5 build is skipped here (the browser suites cover it); data goes to a temp dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { adminFetch, readCredentials, type CloudCredentials } from '../../scripts/local-cloud';

// The first start seeds a shop of 1,250 customers and runs its first value refit: ~100 s at load
// 8–10 here, ~150 s at load 15 (models/value/history/taobao-and-demo-shop.md, "The demo shop serves").
jest.setTimeout(420_000);
const REPO = path.resolve(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Spawns `npm start`'s script and resolves once it prints that it is running. */
function start(port: number, dataDir: string): Promise<Started> {
  const child = spawn(path.join(REPO, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts', '--skip-h5'], {
    cwd: REPO,
    env: { ...process.env, PORT: String(port), QX_DATA_DIR: dataDir, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: tsx runs the script in a child, a crash kills both
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${out}`)), 300_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('群像已运行')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
}

function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.removeAllListeners('exit');
    s.child.on('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

/** Simulates a crash: SIGKILL to the whole group (tsx and the script it runs), not reaped yet. */
function crash(s: Started): void {
  s.child.removeAllListeners('exit');
  process.kill(-s.child.pid!, 'SIGKILL');
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('seeds, segments and serves a value version on first start, serves the sign-in page, stops cleanly, restarts without reseeding', async () => {
    const port = await freePort();
    const first = await start(port, dataDir);
    try {
      expect(first.output()).toContain(`http://127.0.0.1:${port}/dev/login`);
      expect(first.output()).toMatch(/演示店铺已就绪/);
      // A data dir outside the checkout is printed as it is, not as ../../tmp/…
      expect(first.output()).toContain(`数据目录 ${dataDir}`);
      expect(first.output()).toMatch(/首次分群完成：\d+ 位顾客/);
      // The local cloud refuses a sort that meets a document without the sort field (its default,
      // scripts/local-cloud/db/sort-missing.ts): seeding, segmenting and the first refit never ask one.
      expect(first.output()).not.toContain('QX_SORT_MISSING');
      // The first value refit ran right after the seed, and the guard put it live (scripts/seed/first-refit.ts).
      expect(first.output()).toMatch(/首个客户价值模型已上线，用时 [^：]+：版本 \S+，回测胜过不预测，已上线/);
      // …in the terminal's language: the guard's English audit line stays in the refit record.
      expect(first.output()).not.toMatch(/首个客户价值模型已上线[^\n]*[A-Za-z]{4,} [a-z]{3,}/);
      // Some customers accepted a 降价提醒, so a demo campaign reaches someone (scripts/seed/subscriptions.ts).
      const subscribed = Number(/演示订阅：(\d+) 位顾客允许了「降价提醒」/.exec(first.output())?.[1]);
      expect(subscribed).toBeGreaterThan(100);
      // …whose identical wxpush log lines are printed once with a count, not once each.
      expect(first.output().split('\n').filter((l) => l.startsWith('[fn:wxpush]')).length).toBeLessThan(20);
      // The count names the function whose line repeated: it may come after start's own lines
      // (it read as if 按 Ctrl-C 停止。 had repeated).
      for (let i = 0; i < 100 && !/（上一行又重复了 \d+ 次）/.test(first.output()); i++) await new Promise((r) => setTimeout(r, 100));
      expect(first.output()).toMatch(/^\[fn:wxpush\] （上一行又重复了 \d+ 次）$/m);
      const login = await fetch(`http://127.0.0.1:${port}/dev/login`);
      expect(login.status).toBe(200);
      const loginPage = await login.text();
      expect(loginPage).toContain('staff_demo');
      // Where to look, in the words the sign-in page and the admin tabs use (it said 「店铺员工 staff_demo」→ 客户价值).
      expect(first.output()).toContain('在「商家员工」下选「演示店员」（staff_demo）→「价值」');
      expect(loginPage).toMatch(/<h2>商家员工<\/h2>.*>演示店员<\/button>/s);
    } finally {
      expect(await stop(first)).toBe(0);
    }
    // The run's credentials, for local tools: owner-only, and what /admin checks signatures with.
    const credsFile = path.join(dataDir, 'credentials.json');
    expect(fs.statSync(credsFile).mode & 0o777).toBe(0o600);
    const firstCreds = readCredentials(dataDir);
    const countAdmins = async (creds: CloudCredentials) =>
      (await (await adminFetch(`http://127.0.0.1:${port}`, creds, { action: 'database.calculateDocument', collectionName: 'admins', queryType: 'WHERE' })).json()) as {
        code?: string;
        data?: { total: number };
      };

    const again = await start(port, dataDir);
    try {
      expect(again.output()).not.toMatch(/首次启动/);
      const status = await fetch(`http://127.0.0.1:${port}/dev/login`);
      expect(await status.text()).toContain('staff_demo'); // seeded data survived the restart
      // A new run has new keys (credentials.json rewritten); the last run's keys no longer sign.
      const creds = readCredentials(dataDir);
      expect(creds.secretKey).not.toBe(firstCreds.secretKey);
      expect((await countAdmins(creds)).data?.total).toBeGreaterThan(0);
      // …and the grants ledger holds them: WeChat's popup pushes reached wxpush.
      const grants = (await (await adminFetch(`http://127.0.0.1:${port}`, creds, { action: 'database.calculateDocument', collectionName: 'grants', queryType: 'WHERE', query: JSON.stringify({ templateId: 'tpl_price_drop', available: { $gt: 0 } }) })).json()) as { data?: { total: number } };
      expect(grants.data?.total).toBeGreaterThan(100);
      expect((await countAdmins(firstCreds)).code).toBe('SIGN_PARAM_INVALID');
    } finally {
      expect(await stop(again)).toBe(0);
    }
  });

  it('refuses a second live instance on the same data dir, and restarts at once after kill -9', async () => {
    const live = await start(await freePort(), dataDir);
    let restarted: Started | null = null;
    try {
      const second = start(await freePort(), dataDir);
      await expect(second).rejects.toThrow(/exited with 1[\s\S]*is in use by process \d+/);
      crash(live);
      restarted = await start(await freePort(), dataDir); // no wait, no cleanup in between
      expect(restarted.output()).not.toMatch(/首次启动/);
    } finally {
      if (restarted) expect(await stop(restarted)).toBe(0);
      else crash(live);
    }
  });
});
