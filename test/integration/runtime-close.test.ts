/**
 * Closing the function runtime waits for what it writes into its build folder. Test clouds remove
 * their directory right after close; a bundle landing during that removal failed it (ENOTEMPTY,
 * seen under CI load: the instance worker is compiled from the moment a runtime is created, so a
 * suite that closes before any call raced esbuild's write).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newCredentials } from '../../scripts/local-cloud/auth/credentials';
import { createFunctionRuntime } from '../../scripts/local-cloud/functions/runtime';
import { FIXTURE_FUNCTIONS } from './runtime-cloud-helper';

const listing = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).sort() : []);

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-rt-close-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function runtime() {
  // No cloud behind it: nothing here reaches an instance.
  return createFunctionRuntime({ cloudUrl: 'http://127.0.0.1:9', credentials: newCredentials(), functionsDir: FIXTURE_FUNCTIONS, buildDir: root, log: () => undefined });
}

it('a call bundling its function when the runtime closes has written the bundle when close resolves', async () => {
  const rt = runtime();
  const call = rt.invokeFunction('echo', {}).catch((err: Error) => err);
  await rt.close();
  expect(listing(root)).toContain(path.join('echo', 'index.js'));
  expect(await call).toMatchObject({ name: 'FunctionUnavailableError' });
});

// Before the fix this failed in about half the runs: esbuild's service sometimes writes the
// worker while the runtime is still being created (the bundling test above failed every time).
it('a runtime closed at once has finished compiling its instance worker when close resolves', async () => {
  await runtime().close();
  expect(listing(root)).toContain(path.join('_runtime', 'instance-worker.js'));
});
