/**
 * `npm start [-- --reset] [-- --skip-h5]`: the whole product on one machine (`PORT`, `QX_DATA_DIR`).
 * 0. refuses at once a port already taken, and `--reset` of a data dir another local cloud holds;
 * 1. builds the h5 app when `miniprogram/dist/h5` is missing or older than its sources;
 * 2. bundles the cloud functions; starts the local cloud on 127.0.0.1:${PORT:-8600} with data in
 *    `.qx/data` (kept across restarts; `--reset` wipes it first);
 * 3. on first start seeds the demo shop (`scripts/seed`), from `../shared/data` when present,
 *    segments it and runs its first value refit (as staff's 立即训练 would), with the timers held
 *    until that is done;
 * 4. prints the sign-in URL; Ctrl-C / SIGTERM stops cleanly.
 * Installs nothing: run `npm install` first.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { startFullCloud, type FullCloud } from './local-cloud/cloud';
import { lockDataDir } from './local-cloud/store/data-dir-lock';
import { closeOnSignals, elapsed } from './local-cloud/dev/lifecycle';
import { stampBuildStart, taroStaleness } from './build/taro-freshness';
import { timerEvent } from './local-cloud/timers/scheduler';
import { DEMO_STAFF, DEMO_STAFF_NAME, firstValueRefit } from './seed/first-refit';
import { seedSubscriptions } from './seed/subscriptions';

const REPO = path.resolve(__dirname, '..');
/** Where the local cloud keeps its data; `QX_DATA_DIR` moves it (tests use a temp dir). */
const DATA_DIR = process.env.QX_DATA_DIR
  ? path.resolve(process.env.QX_DATA_DIR)
  : path.join(REPO, '.qx', 'data');
const H5_DIR = path.join(REPO, 'miniprogram', 'dist', 'h5');
const SEED_META = '_qx_meta';

/** Why the h5 build must be (re)built, or null when it is up to date. */
function h5Staleness(): string | null {
  const why = taroStaleness('h5');
  return why === 'missing' ? 'h5 应用尚未构建' : why === 'stale' ? 'h5 源码有更新' : null;
}

/** Runs `npm run build:h5`, printing elapsed-time lines; resolves false (with the output tail shown) on failure. */
function buildH5(reason: string): Promise<boolean> {
  const t0 = Date.now();
  console.log(`${reason}，开始构建（npm run build:h5，通常 30–60 秒）…`);
  return new Promise((resolve) => {
    const tail: string[] = [];
    // A production build whatever NODE_ENV the shell has (a dev build needs Taro's dev server).
    const child = spawn('npm', ['run', 'build:h5'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const keep = (chunk: Buffer) => {
      tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (tail.length > 40) tail.splice(0, tail.length - 40);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(() => console.log(`  构建 h5 中… 已用 ${elapsed(t0)}`), 5000);
    const done = (ok: boolean, why?: string) => {
      clearInterval(ticker);
      if (ok) {
        stampBuildStart('h5', t0);
        console.log(`h5 构建完成，用时 ${elapsed(t0)}`);
      }
      else console.error(`h5 构建失败（${why}），用时 ${elapsed(t0)}。最后的输出：\n${tail.join('\n')}`);
      resolve(ok);
    };
    child.on('error', (err) => done(false, err.message));
    child.on('exit', (code) =>
      done(code === 0 && fs.existsSync(path.join(H5_DIR, 'index.html')), `退出码 ${code}`),
    );
  });
}

/** Prints the seeder's `{stage, done, total}` progress: each stage change, then at most once a second. */
function seedProgress(): (info: unknown) => void {
  let last = 0;
  let lastStage = '';
  return (info) => {
    const { stage, done, total } = (info ?? {}) as { stage?: string; done?: number; total?: number };
    const now = Date.now();
    if (stage === lastStage && now - last < 1000 && done !== total) return;
    last = now;
    lastStage = stage ?? '';
    console.log(`  播种 ${stage ?? ''}：${done ?? '?'}/${total ?? '?'}`);
  };
}

/**
 * Runs the segment function once, as its timer would, so the seeded shop has segments the moment
 * staff open the admin page instead of at the next 10-minute tick.
 */
async function segmentNow(cloud: FullCloud): Promise<void> {
  const t0 = Date.now();
  try {
    const res = (await cloud.invokeFunction('segment', timerEvent('first-start', new Date()), {
      source: 'wx_trigger',
    })) as {
      ok?: boolean;
      data?: { scored?: number };
      error?: { message?: string };
    };
    if (res?.ok) console.log(`首次分群完成：${res.data?.scored ?? 0} 位顾客，用时 ${elapsed(t0)}`);
    else console.error(`首次分群未完成（定时任务会重试）：${res?.error?.message ?? JSON.stringify(res)}`);
  } catch (err) {
    console.error(`首次分群失败（定时任务会重试）：${(err as Error).message}`);
  }
}

/**
 * The demo shop's first value refit right after the seed (scripts/seed/first-refit.ts: asked for as
 * staff's 立即训练, continued as the timer would), and where to see it.
 */
async function valueNow(cloud: FullCloud): Promise<void> {
  try {
    const r = await firstValueRefit(cloud);
    const took = elapsed(Date.now() - r.ms);
    if (r.serving)
      console.log(
        `首个客户价值模型已上线，用时 ${took}：版本 ${r.serving}，${r.summary}；已为 ${r.scored} 位买家写入预测。\n` +
          `  查看：${cloud.url}/dev/login 在「商家员工」下选「${DEMO_STAFF_NAME}」（${DEMO_STAFF}）→「价值」`,
      );
    else console.log(`首个客户价值模型未上线（用时 ${took}）：${r.summary || `${r.outcome}${r.reason ? `（${r.reason}）` : ''}`}；定时任务每天重新训练。`);
  } catch (err) {
    console.error(`首个客户价值模型训练未完成（定时任务会继续）：${(err as Error).message}`);
  }
}

/**
 * Function output on stderr with a `[fn:name]` prefix, a run of identical lines printed once with
 * its count (the demo's 282 subscriptions each make wxpush log the same line; the terminal should
 * still show what start is doing). The count carries the same prefix and is flushed before start
 * prints its own next line: it used to come a second later, under 按 Ctrl-C 停止。, and read as if
 * that line had repeated.
 */
function collapsingLog(): { log: (fn: string, line: string) => void; flush: () => void } {
  let last = '';
  let lastFn = '';
  let repeats = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (repeats > 0) process.stderr.write(`[fn:${lastFn}] （上一行又重复了 ${repeats} 次）\n`);
    repeats = 0;
    last = '';
  };
  const log = (fn: string, line: string) => {
    const out = `[fn:${fn}] ${line}`;
    if (out === last) {
      repeats++;
      // a run that stops is counted within a second, not at the next different line
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, 1000);
      timer.unref();
      return;
    }
    flush();
    last = out;
    lastFn = fn;
    process.stderr.write(`${out}\n`);
  };
  return { log, flush };
}

/** Functions' output during this run (start flushes its counts before printing its own lines). */
const fnLog = collapsingLog();

/** A path as the developer can use it: relative inside the checkout, absolute outside it (not ../../tmp/…). */
function shownPath(p: string): string {
  const r = path.relative(REPO, p);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : path.resolve(p);
}

/** The demo's 降价提醒 subscriptions (scripts/seed/subscriptions.ts), so a campaign reaches someone. */
async function subscriptionsNow(cloud: FullCloud): Promise<void> {
  const t0 = Date.now();
  try {
    const n = await seedSubscriptions(cloud);
    fnLog.flush();
    console.log(`演示订阅：${n} 位顾客允许了「降价提醒」（每人可收一条），用时 ${elapsed(t0)}；活动编辑页会显示预计可发送人数`);
  } catch (err) {
    console.error(`演示订阅未完成（不影响其他功能）：${(err as Error).message}`);
  }
}

/** Seeds the demo shop once per data dir (a marker in `_qx_meta` records it). */
async function seedOnFirstStart(cloud: FullCloud): Promise<void> {
  if (cloud.db.collection(SEED_META).get('seed')) return;
  const seedFile = path.join(REPO, 'scripts', 'seed', 'index.ts');
  if (!fs.existsSync(seedFile)) {
    console.log('提示：尚无演示数据播种脚本（scripts/seed/index.ts），跳过播种；本地云照常运行。');
    return;
  }
  const sharedDataDir = path.resolve(REPO, '..', 'shared', 'data');
  const useShared = fs.existsSync(sharedDataDir);
  console.log(
    `首次启动：播种演示店铺（${useShared ? `来自 ${sharedDataDir}` : '未找到 ../shared/data，使用生成的演示数据'}）…`,
  );
  const t0 = Date.now();
  try {
    const mod = (await import(seedFile)) as { seedDemoShop?: (o: unknown) => Promise<unknown> };
    if (typeof mod.seedDemoShop !== 'function') {
      console.log('提示：scripts/seed/index.ts 没有导出 seedDemoShop，跳过播种。');
      return;
    }
    const summary = await mod.seedDemoShop({
      cloudUrl: cloud.url,
      credentials: cloud.credentials,
      sharedDataDir: useShared ? sharedDataDir : null,
      onProgress: seedProgress(),
    });
    await cloud.db
      .collection(SEED_META)
      .insert({ _id: 'seed', at: new Date().toISOString(), summary: summary ?? null });
    console.log(`演示店铺已就绪，用时 ${elapsed(t0)}：${JSON.stringify(summary)}`);
    await segmentNow(cloud);
    await valueNow(cloud);
    await subscriptionsNow(cloud);
  } catch (err) {
    console.error(`播种失败（下次启动会重试）：${(err as Error).stack ?? err}`);
  }
}

/** Resolves when 127.0.0.1:`port` can be listened on; rejects with the listen error (EADDRINUSE) when not. */
function portFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const port = Number(process.env.PORT ?? 8600);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  if (!fs.existsSync(path.join(REPO, 'node_modules', 'wx-server-sdk'))) {
    throw new Error('依赖尚未安装：请先运行 npm install');
  }
  // Refused before anything slow or destructive: a busy port used to be found only after the h5
  // build (minutes), and `--reset` wiped the data dir of a cloud still running on it.
  await portFree(port);
  if (args.includes('--reset')) {
    if (fs.existsSync(DATA_DIR)) lockDataDir(DATA_DIR)();
    fs.rmSync(DATA_DIR, { recursive: true, force: true });
    console.log(`已清空本地数据（${shownPath(DATA_DIR)}）。`);
  }
  if (!args.includes('--skip-h5')) {
    const why = h5Staleness();
    if (why && !(await buildH5(why))) console.error('将继续启动本地云；h5 页面在构建成功前不可用。');
  }
  const bar = new SingleBar(
    { format: '打包云函数 [{bar}] {value}/{total} {fn}', hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  const t0 = Date.now();
  const cloud = await startFullCloud({
    port,
    host: '127.0.0.1',
    dataDir: DATA_DIR,
    h5Dir: H5_DIR,
    log: fnLog.log,
    onPrepare: (done, total, fn) => {
      if (!started) {
        bar.start(total, 0, { fn });
        started = true;
      }
      bar.update(done, { fn });
    },
  });
  if (started) bar.stop();
  const failed = cloud.bundleFailures.length;
  console.log(
    `已打包 ${cloud.runtime.functions().length - failed} 个云函数（.qx/functions）${failed ? `；${failed} 个打包失败（见上方错误，调用时会重试）：${cloud.bundleFailures.map((f) => f.name).join(', ')}` : ''}。`,
  );
  console.log(`本地云已启动（${elapsed(t0)}），数据目录 ${shownPath(DATA_DIR)}`);
  closeOnSignals(cloud);
  // Timers wait for the seed: a daily refit fired mid-seed would fit a half-imported shop.
  const release = cloud.timers?.hold();
  try {
    await seedOnFirstStart(cloud);
  } finally {
    release?.();
  }
  const invalid = cloud.timers?.invalid ?? [];
  fnLog.flush();
  console.log(`\n群像已运行：打开 ${cloud.url}/dev/login 选择身份（顾客或商家员工）`);
  console.log(`  小程序 h5：${cloud.url}/    订阅消息发件箱：${cloud.url}/dev/outbox`);
  console.log(`  本次运行的 API 密钥：${shownPath(cloud.credentialsFile)}（仅本用户可读；db:init --local 等本地工具用它签名请求）`);
  console.log(
    `  云函数：${
      cloud.runtime
        .functions()
        .map((f) => f.name)
        .join(', ') || '（无）'
    }；定时触发器：${cloud.timers?.list().length ?? 0} 个${invalid.length ? `，${invalid.length} 个无效已拒绝` : ''}`,
  );
  console.log('按 Ctrl-C 停止。');
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE')
    console.error(`端口 ${process.env.PORT ?? 8600} 已被占用。请换一个端口：PORT=8601 npm start`);
  else console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
