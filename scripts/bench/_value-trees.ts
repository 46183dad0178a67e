/**
 * The learned part of the value model alone — feature rows and offsets of a page → expected
 * purchase days — by the compiled TypeScript trees and by the version's ONNX graph in onnxruntime
 * (the function's backend: one intra-op thread), in pages of 500 as the scoring pass pages.
 * Medians of 7 timed passes after one warm-up; wall clock and per CPU-second of this process
 * (onnxruntime's thread included). Which serves is decided on these figures.
 */
import { createSession } from '../../cloudfunctions/common/inference/backend';
import { compileGbt, compiledMargins } from '../../cloudfunctions/common/value/gbt-compiled';
import { featureMatrix, type CustomerHistory } from '../../cloudfunctions/common/value/learned';
import type { ValueModel } from '../../cloudfunctions/common/value/model';
import { exportValueGraph } from '../../cloudfunctions/common/value/onnx-trees';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(rows: number, pass: () => Promise<void> | void): Promise<{ wall: number; cpu: number }> {
  await pass();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < 7; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await pass();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { wall: Math.round(rows / (median(walls) / 1000)), cpu: Math.round(rows / (median(cpus) / 1000)) };
}

/** Rows per second of both paths over `customers` at day `cut`, and the session's creation time. */
export async function treesSpeed(
  model: ValueModel,
  customers: readonly CustomerHistory[],
  cut: number,
): Promise<Record<string, number>> {
  const pages: ReturnType<typeof featureMatrix>[] = [];
  for (let i = 0; i < customers.length; i += 500)
    pages.push(
      featureMatrix(customers.slice(i, i + 500), cut, model.horizonDays, model.bgnbd, model.learned.families),
    );
  const rows = pages.reduce((t, p) => t + p.index.length, 0);
  const trees = compileGbt(model.learned.gbt);
  const js = await timed(rows, () => {
    for (const p of pages) {
      const n = p.index.length;
      const m = new Float64Array(n);
      compiledMargins(trees, p.rows, p.width, n, m);
      for (let k = 0; k < n; k++) m[k] = Math.exp(p.offsets[k] + m[k]);
    }
  });
  const t0 = performance.now();
  const session = await createSession(exportValueGraph(model.learned));
  const sessionMs = performance.now() - t0;
  const onnx = await timed(rows, async () => {
    for (const p of pages)
      await session.run({
        features: { type: 'float64', data: p.rows, dims: [p.index.length, p.width] },
        offset: { type: 'float64', data: p.offsets, dims: [p.index.length] },
      });
  });
  return {
    trees_js_rows_per_s: js.wall,
    trees_js_rows_per_cpu_s: js.cpu,
    trees_onnx_rows_per_s: onnx.wall,
    trees_onnx_rows_per_cpu_s: onnx.cpu,
    onnx_session_ms: Math.round(sessionMs * 10) / 10,
  };
}
