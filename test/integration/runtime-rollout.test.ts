/**
 * A function update in progress in the local cloud (scripts/local-cloud/functions/rollout.ts): the
 * fixture `echo` served by its current bundle and by an earlier release (a snapshot in a temp
 * folder whose `index.ts` tags its answers), split by each routing, for direct calls and for calls
 * another function makes; ending the rollout lets the previous release's call in flight finish.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentHash, RELEASE_MANIFEST, releaseStore, repoRelative, storedFile } from '../../scripts/build/release-overlay';
import { devFetch } from '../../scripts/local-cloud';
import { waitUntil } from '../helpers/wait-until';
import { FIXTURE_FUNCTIONS, startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

const REPO = path.resolve(__dirname, '../..');
const ECHO = repoRelative(REPO, path.join(FIXTURE_FUNCTIONS, 'echo', 'index.ts'));

/** A release of `echo` that answers `{ release: 'previous', pid }` (a snapshot and its store in a temp folder). */
function previousEcho(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qx-release-')), 'echo-previous');
  const text = "export async function main(event: { delayMs?: number }) {\n  if (event.delayMs) await new Promise((r) => setTimeout(r, event.delayMs));\n  return { release: 'previous', pid: process.pid };\n}\n";
  const hash = contentHash(text);
  fs.mkdirSync(releaseStore(dir), { recursive: true });
  fs.writeFileSync(storedFile(releaseStore(dir), ECHO, hash), text);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, RELEASE_MANIFEST), JSON.stringify({ commit: 'fixture0', against: 'fixture0', functions: { echo: { [ECHO]: hash } }, files: { [ECHO]: hash } }));
  return dir;
}

let fc: FixtureCloud;
let release: string;
beforeAll(async () => {
  release = previousEcho();
  fc = await startFixtureCloud();
});
afterAll(async () => {
  await fc?.close();
  fs.rmSync(path.dirname(release), { recursive: true, force: true });
});

const rt = () => fc.cloud.runtime;
const tag = (r: unknown) => ((r as { release?: string }).release === 'previous' ? 'previous' : 'current');

it('serves both releases while the rollout lasts, in the order the routing gives, and says which served', async () => {
  const status = await rt().startRollout('echo', { release, routing: { mode: 'alternate' } });
  expect(status).toMatchObject({ commit: 'fixture0', drift: [], served: { previous: 0, current: 0 } });
  const outs = [];
  for (let i = 0; i < 4; i++) outs.push(await rt().invokeDetailed('echo', { i }));
  expect(outs.map((o) => tag(o.result))).toEqual(['previous', 'current', 'previous', 'current']);
  expect(outs.map((o) => o.release)).toEqual(['previous', 'current', 'previous', 'current']);
  // Each release has its own instances.
  expect((outs[0].result as { pid: number }).pid).not.toBe((outs[1].result as { pid: number }).pid);
  expect(rt().rollouts().echo.served).toEqual({ previous: 2, current: 2 });

  // A function calling echo through cloud.callFunction meets the same routing.
  await rt().startRollout('echo', { release, routing: { mode: 'sequence', releases: ['current', 'previous'] } });
  const via = [];
  for (let i = 0; i < 2; i++) via.push(((await rt().invokeFunction('caller', { target: 'echo' })) as { res: { result: unknown } }).res.result);
  expect(via.map(tag)).toEqual(['current', 'previous']);

  // Seeded random: the same seed splits the same way.
  const split = async () => {
    await rt().startRollout('echo', { release, routing: { mode: 'random', seed: 42 } });
    const got = [];
    for (let i = 0; i < 8; i++) got.push((await rt().invokeDetailed('echo', {})).release);
    return got;
  };
  const first = await split();
  expect(await split()).toEqual(first);
  expect(new Set(first).size).toBe(2);
});

it("ends the rollout: the previous release's call in flight finishes, then every call is the current release's", async () => {
  await rt().startRollout('echo', { release, routing: { mode: 'sequence', releases: ['previous'] } });
  const inFlight = rt().invokeDetailed('echo', { delayMs: 300 });
  await waitUntil(() => rt().rollouts().echo.served.previous === 1, { what: 'the call routed to the previous release' });
  const ended = rt().endRollout('echo');
  expect(tag((await inFlight).result)).toBe('previous');
  await ended;
  expect(rt().rollouts()).toEqual({});
  for (let i = 0; i < 3; i++) expect((await rt().invokeDetailed('echo', {})).release).toBe('current');
});

it('is driven over HTTP by a signed tool (POST /dev/rollout/<fn>), and refuses unsigned requests and unknown releases', async () => {
  const { url } = fc.cloud;
  const unsigned = await fetch(`${url}/dev/rollout/echo`, { method: 'POST', headers: fc.cloud.browserHeaders(), body: JSON.stringify({ release: 'x', routing: { mode: 'alternate' } }) });
  expect(unsigned.status).toBe(401);
  const unknown = await devFetch(url, fc.cloud.credentials, '/dev/rollout/echo', 'POST', { release: 'no-such-release', routing: { mode: 'alternate' } });
  expect(unknown.status).toBe(400);
  expect(JSON.stringify(await unknown.json())).toMatch(/no readable release snapshot/);
  const byPath = await devFetch(url, fc.cloud.credentials, '/dev/rollout/echo', 'POST', { release, routing: { mode: 'alternate' } });
  expect(byPath.status).toBe(400); // a path is not a release name
  expect(rt().rollouts()).toEqual({});
});
