/**
 * `npx tsx scripts/eval/clv-scale-exports.ts --out DIR [--shape lines|platform|platform-2y|all] [--data-seed S]
 * [--scale F]`: writes exports the size of the public retail corpora the judges may run `eval:clv`
 * on (issue 11: "other shops' data") and prints, for each, the judges' command to time on it. The
 * files are generated, never downloaded (tuning on the real corpora would void every figure), and
 * are not committed. Each is a seeded simulated shop (sim/worlds.ts, sim/corpus-worlds.ts) written
 * by the one export writer (sim/retail-export.ts: BOM, CRLF, quoted cells, guest lines, returns,
 * mixed date formats).
 * - `lines`: a line-level export, ~1,000,000 lines of ~5,000 customers over two years (the gift
 *   wholesaler, UCI Online Retail II's shape), several lines per purchase day; judged with and
 *   without `--amount` (`lines` and `lines-no-amount`: one file, two commands).
 * - `platform`: a platform export, ~300,000 mostly one-time customers over one year (the Olist-like
 *   marketplace moved to one year), ~500,000 lines.
 * - `platform-2y`: the largest plausible platform export, 500,000 mostly one-time customers over two
 *   years (the Olist-like marketplace at five times Olist's size) judged on a 91-day hold-out: the
 *   costliest shape (the guard's back-test and the last-season set both run; session 21).
 * `--scale F` multiplies the customers (the lines follow): 0.05 gives a ~50,000-line `lines` file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LAYOUTS, writeRetailExport, type RetailExportStats } from './sim/retail-export';
import { olistWorld, type MarketplaceDates } from './sim/corpus-worlds';
import { giftWholesaleWorld, type SimWorld } from './sim/worlds';

/** The one-year marketplace's span: nine months of calibration, a three-month hold-out. */
export const PLATFORM_DATES: MarketplaceDates = {
  open: '2023-01-01',
  calibrationEnd: '2023-09-30',
  holdoutEnd: '2023-12-31',
};

/** The two-year marketplace's span: Olist's two years, the last 91 days held out. */
export const PLATFORM_2Y_DATES: MarketplaceDates = {
  open: '2016-09-01',
  calibrationEnd: '2018-06-01',
  holdoutEnd: '2018-08-31',
};

/** One export shape: the shop, its size, and how many order lines a purchase day gets. */
interface ScaleShape {
  world: (n: number, seed: number) => SimWorld;
  customers: number;
  /** the writer's mean order lines per purchase day (1 + exponential) */
  linesPerDay: number;
}

/** The shapes by name (sizes chosen so the files have the line counts above at data seed 1). */
export const SCALE_SHAPES = {
  lines: { world: giftWholesaleWorld, customers: 5000, linesPerDay: 14.5 },
  platform: { world: (n, s) => olistWorld(n, s, PLATFORM_DATES), customers: 300_000, linesPerDay: 1.7 },
  'platform-2y': { world: (n, s) => olistWorld(n, s, PLATFORM_2Y_DATES), customers: 500_000, linesPerDay: 1.7 },
} satisfies Record<string, ScaleShape>;

/** A shape's name. */
export type ScaleShapeName = keyof typeof SCALE_SHAPES;

/** A written export and the commands' arguments (after `npm run eval:clv --`). */
export interface ScaleExport {
  file: string;
  stats: RetailExportStats;
  customers: number;
  /** the judged commands: with `--amount`, and for `lines` also without it */
  runs: { name: string; args: string[] }[];
}

/** Writes one shape's export into `dir` (data seed `seed`, customers × `scale`). */
export function writeScaleExport(name: ScaleShapeName, dir: string, seed = 1, scale = 1): ScaleExport {
  const shape: ScaleShape = SCALE_SHAPES[name];
  const n = Math.max(1, Math.round(shape.customers * scale));
  const w = shape.world(n, seed);
  const file = path.join(dir, `scale-${name}-${n}-${seed}.csv`);
  const stats = writeRetailExport(file, w.customers, { seed, dates: 'mixed', linesPerDay: shape.linesPerDay });
  const cols = LAYOUTS.retail.columns;
  const base = ['--file', file, '--id', cols.id, '--date', cols.date];
  const split = ['--calibration-end', w.calibrationEnd, '--holdout-end', w.holdoutEnd];
  const runs: ScaleExport['runs'] = [{ name, args: [...base, '--amount', cols.amount, ...split] }];
  if (name === 'lines') runs.push({ name: 'lines-no-amount', args: [...base, ...split] });
  return { file, stats, customers: n, runs };
}

function main(argv: readonly string[]): number {
  const opt = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const out = opt('--out');
  const shape = opt('--shape') ?? 'all';
  const names = shape === 'all' ? (Object.keys(SCALE_SHAPES) as ScaleShapeName[]) : [shape];
  const seed = Number(opt('--data-seed') ?? 1);
  const scale = Number(opt('--scale') ?? 1);
  if (!out || names.some((n) => !(n in SCALE_SHAPES)) || !Number.isInteger(seed) || !(scale > 0)) {
    console.error(
      'usage: npx tsx scripts/eval/clv-scale-exports.ts --out DIR [--shape lines|platform|platform-2y|all] [--data-seed S] [--scale F]',
    );
    return 2;
  }
  fs.mkdirSync(out, { recursive: true });
  for (const name of names as ScaleShapeName[]) {
    const x = writeScaleExport(name, out, seed, scale);
    const s = x.stats;
    console.log(
      `${name}: ${x.customers} customers, ${s.rows} lines (${s.guestRows} guest, ${s.returnRows} returns), ${(s.bytes / 1e6).toFixed(1)} MB`,
    );
    for (const r of x.runs)
      console.log(`  ${r.name}: npm run eval:clv -- ${r.args.map((a) => JSON.stringify(a)).join(' ')}`);
  }
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
