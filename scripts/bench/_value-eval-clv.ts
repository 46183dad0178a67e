/**
 * `npm run bench -- value --eval-clv [--eval-clv-scale F]`: what the judges' command costs on the
 * costliest export shape (scripts/eval/clv-scale-exports.ts `platform-2y`: a two-year marketplace
 * of mostly one-time customers judged on a 91-day hold-out, where the guard's back-test and the
 * last-season set both run). The export is generated at F × 500,000 customers (default 0.2:
 * 100,000) and `eval:clv` runs on it as typed (3 seeds) in a child process; its own report line
 * gives wall seconds, CPU seconds and peak RSS (models/value/report.md, "Speed, cold start, fit,
 * memory": the full-size figures and the 2 GB / 10 CPU-minute bar).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeScaleExport } from '../eval/clv-scale-exports';

/** Thrown when the command's report line is missing (it failed or its output changed). */
export class EvalClvBenchError extends Error {
  override name = 'EvalClvBenchError';
}

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** Runs eval:clv on a generated `platform-2y` export at `scale`; the figures as bench keys. */
export function evalClvCost(scale: number): Record<string, number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-bench-eval-clv-'));
  try {
    const x = writeScaleExport('platform-2y', dir, 1, scale);
    const out = execFileSync(TSX, ['scripts/eval/clv.ts', ...x.runs[0].args], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const m = /^run seconds=([\d.]+) cpu_seconds=([\d.]+) peak_rss_mb=(\d+)/m.exec(out);
    if (!m) throw new EvalClvBenchError(`eval:clv printed no run line:\n${out.slice(-2000)}`);
    const judged = JSON.parse(out.trim().split('\n').pop() as string) as { customers: number };
    return {
      eval_clv_customers: x.customers,
      eval_clv_judged: judged.customers,
      eval_clv_rows: x.stats.rows,
      eval_clv_seconds: Number(m[1]),
      eval_clv_cpu_seconds: Number(m[2]),
      eval_clv_peak_rss_mb: Number(m[3]),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
