/**
 * `npx tsx scripts/eval/clv-sim.ts [--world cyclic-seasonal|cyclic-seasonal-1y|gift-wholesale|festival-apparel|
 * new-year-gifts|bgnbd-long|bgnbd-3y|bgnbd-cdnow-shape|all|cdnow-resampled] [--customers N] [--data-seed S] [--seeds N] [--lines-per-day M] [--no-guard]
 * [--keep DIR]`: checks the value method
 * end to end on seeded simulated shops unlike CDNOW (sim/worlds.ts documents each generating
 * process). Each world is written as a retail export (sim/retail-export.ts) and evaluated by the
 * very command the judges run, `scripts/eval/clv.ts`, in a child process; the table shows the
 * learned model (mean over seeds, guard included) against BG/NBD and the other-shops goal.
 * A TEST OF THE METHOD, not tuning: no setting is chosen on these figures. clv-cdnow/value-fit:
 * run it before landing a change to the learned model (it must not lose the long-history shapes).
 * `cdnow-resampled` (not in `all`; needs ../shared/data) times the command on a big export, e.g.
 * `--customers 20000 --lines-per-day 14 --seeds 1` writes about a million rows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeRetailExport } from './sim/retail-export';
import { sharedDataDir } from '../../test/helpers/shared-data';
import { festivalApparelWorld, newYearGiftsWorld } from './sim/festival-worlds';
import {
  bgnbdWorld,
  cdnowResampled,
  cyclicSeasonalWorld,
  giftWholesaleWorld,
  type SimWorld,
} from './sim/worlds';

const WORLDS: Record<string, (n: number, seed: number) => SimWorld> = {
  'cyclic-seasonal': (n, s) => cyclicSeasonalWorld(n, s),
  'cyclic-seasonal-1y': (n, s) => cyclicSeasonalWorld(n, s, true),
  'gift-wholesale': (n, s) => giftWholesaleWorld(n, s),
  'festival-apparel': (n, s) => festivalApparelWorld(n, s),
  'new-year-gifts': (n, s) => newYearGiftsWorld(n, s),
  'bgnbd-long': (n, s) => bgnbdWorld(n, s, true),
  'bgnbd-3y': (n, s) => bgnbdWorld(n, s, '3y'),
  'bgnbd-cdnow-shape': (n, s) => bgnbdWorld(n, s, false),
  'cdnow-resampled': (n, s) => {
    const data = sharedDataDir();
    if (!data) throw new Error('clv-sim: cdnow-resampled needs ../shared/data');
    return cdnowResampled(n, s, data);
  },
};
const SIMULATED = [
  'cyclic-seasonal',
  'cyclic-seasonal-1y',
  'gift-wholesale',
  'festival-apparel',
  'new-year-gifts',
  'bgnbd-long',
  'bgnbd-3y',
  'bgnbd-cdnow-shape',
];

const argv = process.argv.slice(2);
const opt = (flag: string, d: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : d);
const which = opt('--world', 'all');
const names = which === 'all' ? SIMULATED : [which];
if (names.some((n) => !WORLDS[n])) {
  console.error(`clv-sim: unknown world ${which} (known: ${Object.keys(WORLDS).join(', ')}, all)`);
  process.exit(2);
}
const customers = Number(opt('--customers', '6000'));
const dataSeed = Number(opt('--data-seed', '1'));
const seeds = opt('--seeds', '3');
const linesPerDay = argv.includes('--lines-per-day') ? Number(opt('--lines-per-day', '')) : undefined;
const keep = argv.includes('--keep') ? opt('--keep', '') : '';
const dir = keep || fs.mkdtempSync(path.join(os.tmpdir(), 'qx-clv-sim-'));
fs.mkdirSync(dir, { recursive: true });
const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const ratio = (a: number, b: number) => (a / b).toFixed(3);

const rows: string[] = [];
for (const name of names) {
  const w = WORLDS[name](customers, dataSeed);
  const file = path.join(dir, `${name}-${dataSeed}.csv`);
  const written = writeRetailExport(file, w.customers, { seed: dataSeed, dates: 'mixed', linesPerDay });
  const out = execFileSync(
    TSX,
    [
      path.join(__dirname, 'clv.ts'),
      ...['--file', file, '--id', 'Customer ID', '--date', 'InvoiceDate', '--amount', 'Amount'],
      ...['--calibration-end', w.calibrationEnd, '--holdout-end', w.holdoutEnd, '--seeds', seeds],
      ...(argv.includes('--no-guard') ? ['--no-guard'] : []),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const r = JSON.parse(out.trim().split('\n').pop() as string);
  console.log(`## ${name} (data seed ${dataSeed}): ${w.process}`);
  console.log(`export: ${written.rows} rows, ${(written.bytes / 1e6).toFixed(1)} MB, ${file}`);
  console.log(
    out
      .split('\n')
      .filter((l) => /^(customers=|guard|seed|learned |run |\|)/.test(l))
      .join('\n'),
  );
  rows.push(
    `| ${name} | ${dataSeed} | ${r.customers} | ${r.rmse} / ${r.bgnbd.rmse} (${ratio(r.rmse, r.bgnbd.rmse)}×) | ${r.auc_buys_again} / ${r.bgnbd.auc_buys_again} (${(r.auc_buys_again - r.bgnbd.auc_buys_again >= 0 ? '+' : '') + (r.auc_buys_again - r.bgnbd.auc_buys_again).toFixed(4)}) | ${r.aggregate_error_pct}% / ${r.bgnbd.aggregate_error_pct}% | ${r.seconds} |`,
  );
}
console.log(
  '\n| world | data seed | customers | RMSE learned / BG/NBD | AUC learned / BG/NBD | aggregate learned / BG/NBD | seconds |',
);
console.log('|---|---|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
