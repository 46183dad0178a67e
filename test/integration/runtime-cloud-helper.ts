/**
 * Starts the full local cloud (database + function runtime + openapi + gateway) on a free port
 * with a temp data dir and the fixture functions of `test/fixtures/functions`, for the runtime,
 * openapi, gateway and fault suites.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFullCloud, type FullCloud, type FullCloudOptions } from '../../scripts/local-cloud/cloud';

/** Fixture functions folder. */
export const FIXTURE_FUNCTIONS = path.resolve(__dirname, '../fixtures/functions');

/** A full cloud for one test file. */
export interface FixtureCloud {
  cloud: FullCloud;
  root: string;
  /** Function output lines, for assertions and debugging. */
  logs: string[];
  close(): Promise<void>;
}

/** Starts the cloud; timers are off unless asked for. */
export async function startFixtureCloud(opts: Partial<FullCloudOptions> = {}): Promise<FixtureCloud> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-full-'));
  const logs: string[] = [];
  const cloud = await startFullCloud({
    dataDir: path.join(root, 'data'),
    buildDir: path.join(root, 'functions'),
    functionsDir: FIXTURE_FUNCTIONS,
    timers: false,
    log: (fn, line) => logs.push(`[${fn}] ${line}`),
    ...opts,
  });
  return {
    cloud,
    root,
    logs,
    async close() {
      await cloud.close();
      removeTree(root);
    },
  };
}

/**
 * Removes a test cloud's directory. Under heavy load the removal has (rarely, twice in two
 * sessions of CI) met a file appearing after `cloud.close()` resolved (ENOTEMPTY): esbuild
 * writing the instance worker or a function's bundle after the runtime closed, which close now
 * waits for (runtime-close.test.ts). Should another late writer appear, the first failure names
 * what was still there and the removal is retried, rather than failing a test whose assertions
 * all passed.
 */
function removeTree(root: string): void {
  try {
    fs.rmSync(root, { recursive: true, force: true });
  } catch (err) {
    const left = fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).map(String) : [];
    console.warn(`[runtime-cloud] ${(err as Error).message}; still there after close: ${left.join(', ') || '(nothing)'}`);
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}
