/**
 * `npm run local-cloud -- [--port N] [--data DIR] [--functions DIR] [--no-timers] [--host H]`:
 * runs the full local cloud (database, functions, timers, subscribe messages, h5 gateway, dev
 * pages) in the foreground. `npm start` does the same plus building the h5 app and seeding.
 */
import path from 'node:path';
import { startFullCloud } from './cloud';
import { closeOnSignals } from './dev/lifecycle';

const REPO = path.resolve(__dirname, '../..');

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log('usage: npm run local-cloud -- [--port 8600] [--data .qx/data] [--functions cloudfunctions] [--no-timers] [--host 127.0.0.1]');
    return;
  }
  const port = Number(flag(args, 'port') ?? process.env.PORT ?? 8600);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${flag(args, 'port') ?? process.env.PORT}`);
  const cloud = await startFullCloud({
    port,
    host: flag(args, 'host') ?? '127.0.0.1',
    dataDir: path.resolve(flag(args, 'data') ?? path.join(REPO, '.qx', 'data')),
    functionsDir: flag(args, 'functions') ? path.resolve(flag(args, 'functions')!) : undefined,
    timers: !args.includes('--no-timers'),
    onPrepare: (done, total, name) => console.log(`打包云函数 ${done}/${total}：${name}`),
  });
  closeOnSignals(cloud);
  console.log(`本地云已启动：${cloud.url}`);
  console.log(`  wx-server-sdk:  TCB_CONTEXT_CNFG='{"URL":"${cloud.url}/admin"}'，密钥见 ${cloud.credentialsFile}（每次启动新生成）`);
  console.log(`  开发登录:       ${cloud.url}/dev/login`);
  console.log(`  发件箱:         ${cloud.url}/dev/outbox`);
  console.log(`  函数:           ${cloud.runtime.functions().map((f) => f.name).join(', ') || '（无）'}`);
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  console.error(e.code === 'EADDRINUSE' ? `端口已被占用：${e.message}。请用 --port 或 PORT=… 换一个端口。` : e);
  process.exit(1);
});
