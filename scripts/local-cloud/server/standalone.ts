/**
 * Run the local cloud's database server on its own: `node --import tsx standalone.ts <dataDir> [port]`.
 * Prints `READY <url>` once listening. Used by fault tests that kill it with SIGKILL; the full
 * local cloud (functions, gateway, seed) is `npm start`.
 */
import { startLocalCloud } from '../index';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir) {
    console.error('usage: standalone.ts <dataDir> [port]');
    process.exit(2);
  }
  const cloud = await startLocalCloud({ dataDir, port: port ? Number(port) : 0 });
  process.stdout.write(`READY ${cloud.url}\n`);
  const stop = () => void cloud.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
