/**
 * The input of the dev runners that judge a variant on CDNOW cut-offs or on a simulated world
 * (clv-older-dev.ts, session 17; clv-horizon-dev.ts, session 19): either a purchase export with
 * `--cutoffs D[:E],…` (and `--half A|B`), or `--world NAME [--data-seed S] [--customers N]` from
 * the runner's own table of worlds, with `--seeds N [--first-seed S]`.
 */
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import { parseIdHalf, type IdHalf } from './id-half';
import { parsePurchaseDay } from './purchase-dates';
import { readPurchaseEval } from './purchase-eval-args';
import type { WorldMaker } from './sim/world-registry';

/** What a dev runner scores: the customers, their splits, the judged half and the model seeds. */
export interface DevInput {
  label: string;
  ids: string[];
  all: CustomerHistory[];
  splits: { end: number; holdoutEnd: number }[];
  half?: IdHalf;
  seeds: number;
  firstSeed: number;
}

const valueOf = (argv: readonly string[], flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);

/** The runner `name`'s input from `argv` (null after printing the error and `usage`). */
export function readDevInput(name: string, argv: string[], usage: string, worlds: Readonly<Record<string, WorldMaker>>): DevInput | null {
  const firstSeed = Number(valueOf(argv, '--first-seed') ?? 1);
  const world = valueOf(argv, '--world');
  if (world) {
    if (!worlds[world]) {
      console.error(`${name}: unknown world ${world} (known: ${Object.keys(worlds).join(', ')})\n${usage}`);
      return null;
    }
    const dataSeed = Number(valueOf(argv, '--data-seed') ?? 1);
    const w = worlds[world](Number(valueOf(argv, '--customers') ?? 6000), dataSeed);
    return {
      label: `${w.name} (data seed ${dataSeed})`,
      ids: w.customers.map((c) => c.id),
      all: w.customers.map((c) => ({ purchases: { days: c.days, amounts: c.amounts } })),
      splits: [{ end: parsePurchaseDay(w.calibrationEnd), holdoutEnd: parsePurchaseDay(w.holdoutEnd) }],
      seeds: Number(valueOf(argv, '--seeds') ?? 3),
      firstSeed,
    };
  }
  const read = readPurchaseEval(name, argv, usage, [], ['half', 'first-seed', 'cutoffs']);
  if (!read) return null;
  const a = read.args;
  const splits = (a.values.get('cutoffs')?.split(',') ?? []).map((s) => {
    const [d, e] = s.split(':');
    return { end: parsePurchaseDay(d), holdoutEnd: e ? parsePurchaseDay(e) : a.holdoutEnd };
  });
  if (!splits.length) splits.push({ end: a.calibrationEnd, holdoutEnd: a.holdoutEnd });
  const ids = [...read.loaded.customers.keys()];
  return {
    label: a.file,
    ids,
    all: ids.map((id) => ({ purchases: read.loaded.customers.get(id)! })),
    splits,
    half: parseIdHalf(a.values.get('half')),
    seeds: a.seeds,
    firstSeed,
  };
}
