/**
 * Cold start of the `value` function as it ships, for `npm run bench -- value`: an esbuild bundle
 * of the function's own entry (cloudfunctions/value/index.ts: wx-server-sdk, the job runner, the
 * model store, the value code — minified, like a deploy package), required in fresh Node processes,
 * then what its first scoring call does with the served version: parse model.json and score a
 * page's first profile (the trees are compiled on that first use). Medians over `runs` processes,
 * with the parts: the bundle's require, the SDK alone (a bundle of wx-server-sdk only), the value
 * code alone (a bundle without the SDK), the model parse and the first score.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleLikeAFunction } from './_function-bundle';

const ROOT = path.resolve(__dirname, '../..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Bundle entries: the function itself (+ the two scoring functions its pass calls), SDK only, value code only. */
const ENTRIES = {
  function: `export { main } from '${ROOT}/cloudfunctions/value/index';
export { historyOfProfile } from '${ROOT}/cloudfunctions/common/value/profile-history';
export { profileValues } from '${ROOT}/cloudfunctions/common/value/profile-value';`,
  sdk: `import 'wx-server-sdk';`,
  value: `export { historyOfProfile } from '${ROOT}/cloudfunctions/common/value/profile-history';
export { profileValues } from '${ROOT}/cloudfunctions/common/value/profile-value';`,
} as const;

const CHILD = (bundle: string, modelFile: string, profileFile: string, today: number, score: boolean) => `
const fs = require('node:fs');
const t0 = performance.now();
const b = require(${JSON.stringify(bundle)});
const t1 = performance.now();
let t2 = t1, t3 = t1;
if (${score}) {
  const model = JSON.parse(fs.readFileSync(${JSON.stringify(modelFile)}, 'utf8'));
  t2 = performance.now();
  const p = JSON.parse(fs.readFileSync(${JSON.stringify(profileFile)}, 'utf8'));
  b.profileValues(model, [b.historyOfProfile(p)], ${today}, Date.now(), 'bench');
  t3 = performance.now();
}
process.stdout.write(JSON.stringify({ require: t1 - t0, parse: t2 - t1, score: t3 - t2, total: t3 - t0 }));`;

/** Cold-start figures (ms, medians) of the value function under `node`. */
export async function valueColdStart(o: {
  dir: string;
  modelFile: string;
  profileFile: string;
  today: number;
  runs: number;
  node: string;
}): Promise<Record<string, number>> {
  const bundles: Record<string, string> = {};
  for (const [name, src] of Object.entries(ENTRIES)) {
    const entry = path.join(o.dir, `entry-${name}.ts`);
    fs.writeFileSync(entry, src);
    bundles[name] = entry.replace(/\.ts$/, '.js');
    await bundleLikeAFunction(entry, bundles[name]);
  }
  // The function reads its environment at load (cloud.init); keep warnings off stdout.
  const env = { ...process.env, NODE_NO_WARNINGS: '1' };
  const sample = (name: string, score: boolean) => {
    const xs: Array<Record<string, number>> = [];
    for (let i = 0; i < o.runs; i++) {
      const code = CHILD(bundles[name], o.modelFile, o.profileFile, o.today, score);
      xs.push(JSON.parse(execFileSync(o.node, ['-e', code], { encoding: 'utf8', env })));
    }
    return (k: string) => Math.round(median(xs.map((x) => x[k])) * 10) / 10;
  };
  const fn = sample('function', true);
  const sdk = sample('sdk', false);
  const value = sample('value', true);
  return {
    coldstart_ms: fn('total'),
    coldstart_require_ms: fn('require'),
    coldstart_model_parse_ms: fn('parse'),
    coldstart_first_score_ms: fn('score'),
    coldstart_sdk_only_ms: sdk('require'),
    coldstart_value_only_ms: value('total'),
    function_bundle_bytes: fs.statSync(bundles.function).size,
  };
}
