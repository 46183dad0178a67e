/**
 * Command line shared by the evaluations that read a shop's purchase export and split it at a
 * calibration end (`eval:clv`, `eval:segments`): `--file F.csv --id COL --date COL [--amount COL]
 * --calibration-end YYYY-MM-DD --holdout-end YYYY-MM-DD [--seeds N]` plus each command's own
 * boolean flags and value options.
 */
import fs from 'node:fs';
import { formatDay, parsePurchaseDay } from './purchase-dates';
import { CsvParseError } from './csv';
import { loadPurchaseFile, PurchaseCsvError, type LoadedPurchases } from './purchases-csv';

/** Parsed common arguments (dates as day numbers). */
export interface PurchaseEvalArgs {
  file: string;
  id: string;
  date: string;
  amount?: string;
  calibrationEnd: number;
  holdoutEnd: number;
  seeds: number;
  /** boolean flags given (e.g. `--ablation`) */
  flags: Set<string>;
  /** the command's own `--name value` options given (e.g. `half` → `A`), keyed without the dashes */
  values: Map<string, string>;
}

/**
 * Reads `--flag value` pairs; throws with `usage` on anything missing or malformed. A command names
 * its boolean flags as typed (`--ablation`) and its value options as they are keyed (`half`); a name
 * in the other form is the command's own mistake (742ac18 passed `actual`, so `--actual` asked for
 * a value), refused whatever the command line.
 */
export function parsePurchaseEvalArgs(
  argv: readonly string[],
  usage: string,
  booleanFlags: readonly string[] = [],
  valueFlags: readonly string[] = [],
): PurchaseEvalArgs {
  const misnamed = [...booleanFlags.filter((f) => !f.startsWith('--')), ...valueFlags.filter((f) => f.startsWith('-'))];
  if (misnamed.length) throw new Error(`boolean flags are named with their dashes, value options without: ${misnamed.join(', ')}`);
  const m = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}\n${usage}`);
    if (booleanFlags.includes(a)) flags.add(a);
    else if (i + 1 < argv.length) m.set(a.slice(2), argv[++i]);
    else throw new Error(`${a} needs a value\n${usage}`);
  }
  const need = (k: string) => {
    const v = m.get(k);
    if (!v) throw new Error(`missing --${k}\n${usage}`);
    return v;
  };
  const day = (k: string) => {
    const v = need(k);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error(`--${k} must be YYYY-MM-DD\n${usage}`);
    return parsePurchaseDay(v);
  };
  const args: PurchaseEvalArgs = {
    file: need('file'),
    id: need('id'),
    date: need('date'),
    amount: m.get('amount'),
    calibrationEnd: day('calibration-end'),
    holdoutEnd: day('holdout-end'),
    seeds: Number(m.get('seeds') ?? 3),
    flags,
    values: new Map(valueFlags.flatMap((k) => (m.has(k) ? [[k, m.get(k) as string] as const] : []))),
  };
  if (args.holdoutEnd <= args.calibrationEnd)
    throw new Error('--holdout-end must be after --calibration-end');
  if (!Number.isInteger(args.seeds) || args.seeds < 1) throw new Error('--seeds must be a positive integer');
  return args;
}

/**
 * Reads the command line and the export of an evaluation command; on a usage error or a missing
 * file prints `<command>: why` (and the usage line) and returns null (the caller exits with 2).
 */
export function readPurchaseEval(
  command: string,
  argv: readonly string[],
  usage: string,
  booleanFlags: readonly string[] = [],
  valueFlags: readonly string[] = [],
): { args: PurchaseEvalArgs; loaded: LoadedPurchases; coverage: HoldoutCoverage } | null {
  let args: PurchaseEvalArgs;
  try {
    args = parsePurchaseEvalArgs(argv, usage, booleanFlags, valueFlags);
  } catch (e) {
    console.error(`${command}: ${(e as Error).message}`);
    return null;
  }
  if (!fs.existsSync(args.file)) {
    console.error(`${command}: no such file: ${args.file}`);
    return null;
  }
  let loaded: LoadedPurchases;
  try {
    loaded = loadPurchaseFile(args.file, { id: args.id, date: args.date, amount: args.amount });
  } catch (e) {
    if (!(e instanceof PurchaseCsvError) && !(e instanceof CsvParseError)) throw e;
    console.error(`${command}: ${args.file}: ${(e as Error).message}`);
    return null;
  }
  const skipped = skippedRowsNote(loaded);
  if (skipped) console.error(`${command}: ${skipped}`);
  const coverage = holdoutCoverage(loaded, args.calibrationEnd, args.holdoutEnd);
  if (coverage.note) console.error(`${command}: ${coverage.note}`);
  return { args, loaded, coverage };
}

/** One line on what was read and what was left out (stderr), or '' when every row was a purchase. */
export function skippedRowsNote(l: LoadedPurchases): string {
  const parts: string[] = [];
  if (l.emptyId) parts.push(`${l.emptyId} without a customer id (skipped)`);
  if (l.nonPositive) parts.push(`${l.nonPositive} with an amount ≤ 0 (returns/zero lines: not purchases)`);
  if (l.nonPositiveQuantity)
    parts.push(`${l.nonPositiveQuantity} with a Quantity ≤ 0 (returns/cancellations: not purchases)`);
  if (l.unreadable) {
    const first = l.unreadableExamples.map((e) => `line ${e.line}: ${e.why}`).join('; ');
    parts.push(`${l.unreadable} with an unreadable date or amount (skipped; ${first})`);
  }
  const repeated = l.repeatedHeaders ? ` (and ${l.repeatedHeaders} repeated header rows, skipped)` : '';
  return parts.length
    ? `of ${l.rows} rows${repeated}, ${parts.join(', ')}`
    : repeated.replace(/^ \((.*)\)$/, '$1');
}

/** Expected rows in an uncovered tail below which the tail may be chance (P(none) ≈ e^−3 ≈ 5 %). */
const TAIL_ROWS = 3;
/** A shop may be shut a few days (weekends, holidays): a tail this short is only noted. */
const TAIL_DAYS = 7;

/** How much of the hold-out the export does not cover, and what to say about it on stderr. */
export interface HoldoutCoverage {
  /** days of the hold-out after the file's last row (0 when it is covered) */
  uncoveredDays: number;
  /** stderr line, or null when covered */
  note: string | null;
  /** the tail is longer than a week and than the shop's rate of rows makes likely by chance */
  loud: boolean;
}

/**
 * Whether the export covers the hold-out. The interface defines the target for any hold-out
 * given, so nothing is refused; but a hold-out end after the file's last row counts days no one
 * could buy in as days nobody bought (every actual figure undercounted), so the command says so:
 * a WARNING when the tail is longer than a week AND ≥ 3 rows were to be expected in it at the
 * shop's own rate (not chance: a closed shop, a quiet fortnight in a tiny one), else a note.
 */
export function holdoutCoverage(
  l: Pick<LoadedPurchases, 'rows' | 'firstDay' | 'lastDay'>,
  calibrationEnd: number,
  holdoutEnd: number,
): HoldoutCoverage {
  const tail = Number.isFinite(l.lastDay) ? holdoutEnd - l.lastDay : 0;
  if (tail <= 0) return { uncoveredDays: 0, note: null, loud: false };
  const perDay = l.rows / (l.lastDay - l.firstDay + 1);
  const last = formatDay(l.lastDay);
  const why = `the file's last row is on ${last}, ${tail} day${tail === 1 ? '' : 's'} before --holdout-end ${formatDay(holdoutEnd)}`;
  if (tail > TAIL_DAYS && perDay * tail >= TAIL_ROWS)
    return {
      uncoveredDays: tail,
      loud: true,
      note: `WARNING: ${why} (at ${perDay.toFixed(1)} rows a day, ${Math.round(perDay * tail)} were to be expected there): the export ends before the hold-out does, so the actual counts miss those days and every figure below is against an undercount — --holdout-end ${last}${l.lastDay <= calibrationEnd ? ' (and an earlier --calibration-end)' : ''} would be covered`,
    };
  return {
    uncoveredDays: tail,
    loud: false,
    note: `${why}; judged as given (a shop may be shut a few days)`,
  };
}

/** Runs an evaluation command's `main` when the file is executed: exit with its code, or 1 on a crash. */
export function runEvalMain(mod: NodeJS.Module, main: () => Promise<number>): void {
  if (require.main !== mod) return;
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
