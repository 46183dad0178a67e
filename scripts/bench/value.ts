/**
 * `npm run bench -- value [--customers N] [--score N]`: the value model's costs on one thread.
 *
 * Workload: N customers (default 100,000) resampled with replacement (seeded) from CDNOW's real
 * purchase histories, each shifted by a random whole number of weeks so they are not copies of
 * one another; "today" is the end of the data. Figures:
 * - fit_seconds_100k: fitValueModel (BG/NBD at the end and at six training cut-offs, Gamma–Gamma,
 *   the boosted trees), scaled to 100,000 customers when N differs
 * - score_end_to_end_per_s: profile (day buckets) → customer history → predictions, churn level
 *   and reason — what the scoring pass does per profile, minus database I/O
 * - coldstart_ms: a fresh Node process loading the value code and a stored model (JSON) and
 *   scoring its first profile
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dayKeyOfIndex } from '../../cloudfunctions/common/profile/day';
import type { DayBucket } from '../../cloudfunctions/common/profile/types';
import { rng } from '../../cloudfunctions/common/value/gbt';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { fitValueModel } from '../../cloudfunctions/common/value/model';
import { historyOfProfile } from '../../cloudfunctions/common/value/profile-history';
import { profileValues } from '../../cloudfunctions/common/value/profile-value';
import { sharedDataDir } from '../../test/helpers/shared-data';
import { loadPurchases } from '../eval/purchases-csv';
import type { Bench } from './main';

const arg = (args: string[], flag: string, d: number) =>
  args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : d;

/** N histories resampled from CDNOW, shifted back by 0..12 weeks (never past the end). */
function resample(n: number): { customers: CustomerHistory[]; end: number } {
  const dir = sharedDataDir();
  if (!dir) throw new Error('bench value: ../shared/data is missing (CDNOW is resampled from it)');
  const file = path.join(dir, 'behavior/cdnow_transactions.csv');
  const base = [
    ...loadPurchases(fs.readFileSync(file, 'utf8'), {
      id: 'customer_id',
      date: 'date',
      amount: 'dollar_value',
    }).customers.values(),
  ];
  let end = -Infinity;
  for (const h of base) end = Math.max(end, h.days[h.days.length - 1]);
  const rand = rng(2026);
  const customers = Array.from({ length: n }, () => {
    const h = base[Math.floor(rand() * base.length)];
    const shift = 7 * Math.floor(rand() * 13);
    return {
      purchases: { days: h.days.map((d) => d - shift), amounts: h.amounts.map((a) => Math.round(a * 100)) },
    };
  });
  return { customers, end };
}

/** A profile's day buckets for a history (purchases plus a product view on each purchase day). */
function bucketsOf(c: CustomerHistory): { d: Record<string, DayBucket> } {
  const d: Record<string, DayBucket> = {};
  c.purchases.days.forEach(
    (day, i) => (d[dayKeyOfIndex(day)] = { e: 2, pv: 1, pu: 1, fen: c.purchases.amounts[i], s: { s1: 1 } }),
  );
  return { d };
}

const bench: Bench = {
  async run(args) {
    const n = arg(args, '--customers', 100_000);
    const nScore = arg(args, '--score', 50_000);
    const { customers, end } = resample(n);
    const t0 = performance.now();
    const model = fitValueModel(customers, { end, horizonDays: 90, seed: 1 });
    const fitSeconds = (performance.now() - t0) / 1000;
    console.log(`fit: ${n} customers in ${fitSeconds.toFixed(1)} s (load ${os.loadavg()[0].toFixed(1)})`);

    const profiles = customers.slice(0, nScore).map(bucketsOf);
    profileValues(model, profiles.slice(0, 1000).map(historyOfProfile), end, Date.now(), 'bench'); // warm the JIT
    const t1 = performance.now();
    for (let i = 0; i < profiles.length; i += 500)
      profileValues(model, profiles.slice(i, i + 500).map(historyOfProfile), end, Date.now(), 'bench');
    const scorePerS = profiles.length / ((performance.now() - t1) / 1000);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-value-bench-'));
    const modelFile = path.join(dir, 'model.json');
    fs.writeFileSync(modelFile, JSON.stringify(model));
    fs.writeFileSync(path.join(dir, 'profile.json'), JSON.stringify(profiles[0]));
    const script = `
const t0 = performance.now();
const { historyOfProfile } = require(${JSON.stringify(path.resolve(__dirname, '../../cloudfunctions/common/value/profile-history'))});
const { profileValues } = require(${JSON.stringify(path.resolve(__dirname, '../../cloudfunctions/common/value/profile-value'))});
const model = JSON.parse(require('fs').readFileSync(${JSON.stringify(modelFile)}, 'utf8'));
const p = JSON.parse(require('fs').readFileSync(${JSON.stringify(path.join(dir, 'profile.json'))}, 'utf8'));
profileValues(model, [historyOfProfile(p)], ${end}, Date.now(), 'bench');
process.stdout.write(String(performance.now() - t0));`;
    const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
    const cold = Number(execFileSync(tsx, ['-e', script], { encoding: 'utf8' }));
    fs.rmSync(dir, { recursive: true, force: true });
    return {
      customers: n,
      fit_seconds_100k: Math.round(fitSeconds * (100_000 / n) * 10) / 10,
      score_end_to_end_per_s: Math.round(scorePerS),
      coldstart_ms: Math.round(cold),
      model_json_bytes: JSON.stringify(model).length,
    };
  },
};

export default bench;
