/**
 * `npm run eval:segments` end to end (a real child process): a generated shop whose customers
 * buy at very different rates, mixed date formats, a non-positive amount, a customer first seen
 * after the calibration end left out, the last-line JSON contract, and a clear usage error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../../cloudfunctions/common/random';
import { formatDay } from '../../scripts/eval/purchase-dates';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** 300 customers over 2020 .. mid 2021: a few heavy buyers, many one-off ones, rates that persist into the hold-out. */
function writeShop(file: string): void {
  const rand = mulberry32(7);
  const lines = ['order_id,buyer,ordered_at,paid'];
  const base = Date.UTC(2020, 0, 1) / 86_400_000;
  let order = 0;
  for (let c = 0; c < 300; c++) {
    const start = Math.floor(rand() * 240);
    const rate = c % 10 === 0 ? 0.08 + rand() * 0.1 : c % 3 === 0 ? 0.01 + rand() * 0.02 : 0.001;
    const stop = rand() < 0.4 ? start + 1 + Math.floor(rand() * 200) : 540; // some customers lapse
    for (let d = start; d < Math.min(stop, 540); d++) {
      if (d !== start && rand() >= rate) continue;
      const iso = formatDay(base + d);
      const [y, m, dd] = iso.split('-').map(Number);
      const when = order % 3 === 0 ? iso : order % 3 === 1 ? `${iso} 10:${String(order % 60).padStart(2, '0')}:00` : `${m}/${dd}/${y} 9:05`;
      lines.push(`${++order},u${c},${when},${(10 + (order % 50)).toFixed(2)}`);
    }
  }
  lines.push(`${++order},u1,2020-10-01,0`); // a refund-like row: not a purchase
  lines.push(`${++order},late,2020-12-01,30`); // first seen after the calibration end
  fs.writeFileSync(file, lines.join('\n'));
}

describe('eval:segments CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-seg-eval-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fits on the calibration period and prints the fixed last-line JSON', () => {
    const f = path.join(dir, 'shop.csv');
    writeShop(f);
    const out = execFileSync(
      TSX,
      ['scripts/eval/segments.ts', '--file', f, '--id', 'buyer', '--date', 'ordered_at', '--amount', 'paid', '--calibration-end', '2020-09-30', '--holdout-end', '2021-03-31', '--seeds', '1', '--per-k'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const last = JSON.parse(out.trim().split('\n').pop()!);
    expect(Object.keys(last)).toEqual(['customers', 'k', 'eta2_holdout_purchases', 'eta2_rfm_same_k', 'silhouette', 'stability_ari']);
    expect(last.customers).toBe(300);
    expect(Number.isInteger(last.k) && last.k >= 3 && last.k <= 8).toBe(true);
    for (const v of [last.eta2_holdout_purchases, last.eta2_rfm_same_k, last.stability_ari]) expect(v >= 0 && v <= 1).toBe(true);
    expect(last.silhouette >= -1 && last.silhouette <= 1).toBe(true);
    // rates persist into the hold-out: both segmentations explain a real share of it
    expect(last.eta2_rfm_same_k).toBeGreaterThan(0.05);
    expect(last.eta2_holdout_purchases).toBeGreaterThan(0.05);
    expect(out).toMatch(/non_positive_rows=1/);
    expect(out).toMatch(/seed 1: k=\d+ RFM ranks: eta2_purchases=/);
    expect(out).toMatch(/K=8 \(forced, seed 1\): eta2_purchases=/);
  }, 180000);

  it('explains a missing argument with the usage line and exit code 2', () => {
    const r = spawnSync(TSX, ['scripts/eval/segments.ts', '--file', 'x.csv'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing --id/);
    expect(r.stderr).toMatch(/usage: npm run eval:segments/);
  });
});
