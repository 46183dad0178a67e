/**
 * `npm run eval:clv` end to end (a real child process): mixed date formats, non-positive amounts,
 * customers first seen after the calibration end left out, the last-line JSON contract, and a
 * clear usage error; and a public-retail-shaped export (BOM, spaced header, quoted cells, CRLF,
 * guest rows, returns, many lines per day) written by the seeded simulation writer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rng } from '../../cloudfunctions/common/value/gbt';
import { idHalf } from '../../scripts/eval/id-half';
import { formatDay, parsePurchaseDay } from '../../scripts/eval/purchase-dates';
import { writeRetailExport } from '../../scripts/eval/sim/retail-export';
import { cyclicSeasonalWorld } from '../../scripts/eval/sim/worlds';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** 120 customers over 1 Jan 2020 .. mid 2021, dates written in the three accepted styles. */
function writeShop(file: string): void {
  const rand = rng(4);
  const lines = ['order_id,buyer,ordered_at,paid'];
  const base = Date.UTC(2020, 0, 1) / 86_400_000;
  let order = 0;
  for (let c = 0; c < 120; c++) {
    const start = Math.floor(rand() * 200);
    const rate = 0.01 + rand() * 0.05;
    for (let d = start; d < 540; d++) {
      if (d !== start && rand() >= rate) continue;
      const iso = formatDay(base + d);
      const [y, m, dd] = iso.split('-').map(Number);
      const style = order % 3;
      const when =
        style === 0
          ? iso
          : style === 1
            ? `${iso} 10:${String(order % 60).padStart(2, '0')}:00`
            : `${m}/${dd}/${y} 9:05`;
      lines.push(
        `${++order},u${c},${when},${d !== start && order % 17 === 0 ? '0' : (10 + (order % 50)).toFixed(2)}`,
      );
    }
  }
  // A customer first seen after the calibration end is not a customer of the evaluation.
  lines.push(`${++order},late,2020-12-01,30`);
  fs.writeFileSync(file, lines.join('\n'));
}

describe('eval:clv CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-clv-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the fixed last-line JSON', () => {
    const f = path.join(dir, 'shop.csv');
    writeShop(f);
    const out = execFileSync(
      TSX,
      [
        'scripts/eval/clv.ts',
        '--file',
        f,
        '--id',
        'buyer',
        '--date',
        'ordered_at',
        '--amount',
        'paid',
        '--calibration-end',
        '2020-09-30',
        '--holdout-end',
        '2021-03-31',
        '--seeds',
        '1',
        '--pnbd',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const last = JSON.parse(out.trim().split('\n').pop()!);
    expect(Object.keys(last)).toEqual([
      'customers',
      'rmse',
      'mae',
      'auc_buys_again',
      'aggregate_error_pct',
      'bgnbd',
      'pnbd',
      'seconds',
    ]);
    expect(Object.keys(last.bgnbd)).toEqual(['rmse', 'mae', 'auc_buys_again', 'aggregate_error_pct']);
    // Pareto/NBD, the other baseline, beside it (additive: the issue's keys above are unchanged)
    expect(Object.keys(last.pnbd)).toEqual(['rmse', 'mae', 'auc_buys_again', 'aggregate_error_pct']);
    expect(last.pnbd.auc_buys_again).toBeGreaterThan(0.5);
    expect(out).toMatch(/^pnbd r=[\d.]+ alpha=[\d.]+ s=[\d.]+ beta=[\d.]+ ll=-[\d.]+$/m);
    expect(last.customers).toBe(120);
    for (const v of [last.rmse, last.mae, last.auc_buys_again, last.bgnbd.rmse, last.bgnbd.auc_buys_again])
      expect(Number.isFinite(v)).toBe(true);
    expect(last.bgnbd.auc_buys_again).toBeGreaterThan(0.5);
    expect(out).toMatch(/\| 7\+ \|/);
  }, 120000);

  it('--half judges one half of the customers with the fit of all of them', () => {
    const f = path.join(dir, 'halves.csv');
    writeShop(f);
    const run = (...extra: string[]) =>
      spawnSync(
        TSX,
        [
          'scripts/eval/clv.ts',
          ...['--file', f, '--id', 'buyer', '--date', 'ordered_at', '--amount', 'paid'],
          ...['--calibration-end', '2020-09-30', '--holdout-end', '2021-03-31', '--seeds', '1', ...extra],
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
    const [all, a, b] = [run(), run('--half', 'A'), run('--half', 'B')];
    for (const r of [all, a, b]) expect(r.status).toBe(0);
    const last = (r: { stdout: string }) => JSON.parse(r.stdout.trim().split('\n').pop()!);
    const fitLines = (r: { stdout: string }) =>
      r.stdout.split('\n').filter((l) => /^(bgnbd|pnbd|learned) /.test(l));
    // The same fit (everyone's calibration period) …
    expect(fitLines(a)).toEqual(fitLines(all));
    expect(fitLines(b)).toEqual(fitLines(all));
    // … judged on the customers of one half: the 120 ids split by their hash.
    const inA = Array.from({ length: 120 }, (_, c) => `u${c}`).filter((id) => idHalf(id) === 'A').length;
    expect(inA).toBeGreaterThan(0);
    expect(inA).toBeLessThan(120);
    expect(last(a).customers).toBe(inA);
    expect(last(b).customers).toBe(120 - inA);
    expect(a.stdout).toContain(`customers=${inA} (half A of 120, fitted on all)`);
    expect(last(a).rmse).not.toBe(last(b).rmse);
    const bad = run('--half', 'C');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--half must be A or B/);
  }, 180000);

  it('explains a missing argument with the usage line and exit code 2', () => {
    const r = spawnSync(TSX, ['scripts/eval/clv.ts', '--file', 'x.csv'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing --id/);
    expect(r.stderr).toMatch(/usage: npm run eval:clv/);
  });

  it('still prints the JSON, with a stderr warning, for a hold-out the file does not cover or in which nobody bought', () => {
    const f = path.join(dir, 'short.csv');
    // Ten customers buying every other day from 2021-01-01 to 2021-06-30; guests after that.
    const rows = ['id,when,amount'];
    for (let d = 0; d < 181; d += 2)
      for (let c = 0; c < 10; c++) rows.push(`c${c},${formatDay(18_628 + d)},5`);
    rows.push(',2021-07-20 10:00:00,5');
    fs.writeFileSync(f, rows.join('\n'));
    const run = (cal: string, end: string) =>
      spawnSync(
        TSX,
        [
          'scripts/eval/clv.ts',
          ...['--file', f, '--id', 'id', '--date', 'when', '--amount', 'amount'],
          ...['--calibration-end', cal, '--holdout-end', end, '--seeds', '1'],
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
    const last = (r: { stdout: string }) => JSON.parse(r.stdout.trim().split('\n').pop()!);
    const past = run('2021-05-31', '2021-08-31');
    expect(past.status).toBe(0);
    expect(past.stderr).toMatch(
      /WARNING: the file's last row is on 2021-07-20, 42 days before --holdout-end 2021-08-31 .*--holdout-end 2021-07-20 would be covered\n/,
    );
    expect(last(past).holdout_uncovered_days).toBe(42);
    expect(Number.isFinite(last(past).rmse)).toBe(true);
    // A few quiet days after the last row are only noted: no WARNING, no extra key.
    const short = run('2021-05-31', '2021-07-25');
    expect(short.status).toBe(0);
    expect(short.stderr).toMatch(/5 days before --holdout-end 2021-07-25; judged as given/);
    expect(short.stderr).not.toMatch(/WARNING/);
    expect(last(short)).not.toHaveProperty('holdout_uncovered_days');
    const none = run('2021-06-30', '2021-07-20');
    expect(none.status).toBe(0);
    expect(none.stderr).toMatch(
      /no customer \(of 10\) bought in the hold-out \(2021-06-30, 2021-07-20\]: auc_buys_again is undefined/,
    );
    expect(last(none)).toMatchObject({ customers: 10, auc_buys_again: null, aggregate_error_pct: null });
    expect(last(none)).not.toHaveProperty('holdout_uncovered_days');
    expect(Number.isFinite(last(none).rmse)).toBe(true);
  }, 120000);

  it('reads a retail export: guests counted on stderr, returns not purchases, the calibration end inclusive, seconds the whole run', () => {
    const world = cyclicSeasonalWorld(250, 11);
    const calEnd = parsePurchaseDay(world.calibrationEnd);
    const f = path.join(dir, 'retail.csv');
    const written = writeRetailExport(f, world.customers, { seed: 3, dates: 'us' });
    // Edge customers: a first purchase written date-only ON the calibration end is in it (day
    // inclusive); a first purchase at 00:00:00 the day after is not, so that one is no customer.
    fs.appendFileSync(
      f,
      `X1,1,"ONE, ""QUOTED""",1,${world.calibrationEnd},8.00,8.00,edge-on,UK\r\nX2,1,A,1,${formatDay(calEnd + 1)} 00:00:00,5.00,5.00,edge-after,UK\r\n`,
    );
    const t0 = Date.now();
    const r = spawnSync(
      TSX,
      [
        'scripts/eval/clv.ts',
        ...['--file', f, '--id', 'Customer ID', '--date', 'InvoiceDate', '--amount', 'Amount'],
        ...['--calibration-end', world.calibrationEnd, '--holdout-end', world.holdoutEnd, '--seeds', '1'],
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const wall = (Date.now() - t0) / 1000;
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      `of ${written.rows + 2} rows, ${written.guestRows} without a customer id (skipped)`,
    );
    expect(r.stderr).toContain(`${written.returnRows} with an amount ≤ 0`);
    const last = JSON.parse(r.stdout.trim().split('\n').pop()!);
    // without --pnbd the last line holds the issue's keys only
    expect(Object.keys(last)).not.toContain('pnbd');
    expect(r.stdout).not.toMatch(/^pnbd /m);
    const expected = world.customers.filter((c) => c.days[0] <= calEnd).length + 1; // + edge-on
    expect(last.customers).toBe(expected);
    expect(r.stdout).toMatch(new RegExp(`empty_id_rows=${written.guestRows} unreadable_rows=0`));
    // `seconds` is the whole run (startup and reading included), not the fit alone.
    expect(last.seconds).toBeLessThanOrEqual(wall);
    expect(last.seconds).toBeGreaterThan(wall - 3);
  }, 300000);
});
