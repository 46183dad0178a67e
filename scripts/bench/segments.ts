/**
 * `npm run bench -- segments [--rows N] [--previews P]`: the figures of the segments work
 * (issue 12), on N = 100,000 profiles of real behaviour (../shared/data/behavior, resampled with
 * seed 42, histories moved to end today):
 * - assign_end_to_end_per_s: segment assignment end to end — profile → features → model
 *   (onnxruntime, one thread) → stable id, name and reasons — through `assignProfiles`, exactly
 *   as the segment job scores a page (pages of 1,000; database I/O not included). Wall clock, so
 *   it falls on a busy machine; `assign_cpu_per_s` is the same work per second of process CPU.
 * - rule_preview_p50_ms / _p99_ms: one rule-segment preview as staff edit a rule, through the
 *   admin's previewRuleSegment on the container's cached projection of the N profiles (built
 *   once first: projection_build_ms, from an in-memory page source, not the cloud database).
 *   Wall clock; rule_preview_cpu_p50_ms / _p99_ms are the process's CPU time per preview.
 * - refit_seconds_100k: the in-function segmentation refit of the N profiles, run by the job runner
 *   in 40 s ticks as the refit function does (scripts/bench/_segments-refit.ts, seg-fit's measure);
 *   `--no-refit` leaves it out.
 * Goals: refit < 40 s per call (resumable, a few ticks in all), assignment ≥ 100,000/s, preview p99 < 300 ms.
 */
import { assignProfiles } from '../../cloudfunctions/common/inference/assign-profiles';
import { cachedProjection } from '../../cloudfunctions/common/audience/projection-cache';
import { getSegmentationModel } from '../../cloudfunctions/common/inference/segmentation';
import { behaviorProfiles, type BehaviorProfiles } from './_behavior-profiles';
import { measureRefit } from './_segments-refit';
import { idPagedDb } from './_id-paged-sdk';
import { measurePreview, shopDb, type ScoredProfile } from './_segments-preview';
import type { Bench } from './main';

const arg = (args: string[], flag: string, d: number) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : d);
const PAGE = 1000;

// The workload is the same for every repeat: made once per process. The preview shop built from it
// is dropped at the end of each run, so every run times assignment with the same heap (the segment
// function holds one page, not a shop and a projection of 100k).
let world: { rows: number; now: number; data: BehaviorProfiles; db?: ReturnType<typeof shopDb> } | null = null;

const bench: Bench = {
  defaultRepeats: 3,
  async run(args) {
    const rows = arg(args, '--rows', 100_000);
    const previews = arg(args, '--previews', 400);
    if (world?.rows !== rows) {
      const now = Date.now();
      world = { rows, now, data: behaviorProfiles(rows, { now }) };
    }
    const { profiles, asOf } = world.data;
    const model = await getSegmentationModel();

    await assignProfiles(model, profiles.slice(0, PAGE), asOf.slice(0, PAGE)); // warm the session and the code
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let s = 0; s < rows; s += PAGE) await assignProfiles(model, profiles.slice(s, s + PAGE), asOf.slice(s, s + PAGE));
    const assignS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    if (!world.db) {
      // the shop the previews run on: the same assignments, kept (not timed)
      const scored: ScoredProfile[] = [];
      for (let s = 0; s < rows; s += PAGE) {
        const page = await assignProfiles(model, profiles.slice(s, s + PAGE), asOf.slice(s, s + PAGE));
        page.assignments.forEach((a, i) =>
          scored.push({ profile: profiles[s + i], asOf: asOf[s + i], assignment: a, raw: page.raw.subarray(i * page.width, (i + 1) * page.width) }),
        );
      }
      world.db = shopDb(scored);
    }

    const preview = await measurePreview(world.db, previews);
    world.db = undefined;
    await cachedProjection(idPagedDb({}), { refresh: true }); // the container cache lets go of the 100k rows
    const { load_avg_1m: _load, refit_seconds_100k, ...refit } = args.includes('--no-refit')
      ? { load_avg_1m: 0, refit_seconds_100k: undefined }
      : await measureRefit(profiles, world.now);
    const figures = {
      measures: 'in process, one thread; assignment = assignProfiles (segment job path, no DB I/O); preview = previewRuleSegment on the cached projection',
      model_version: model.meta.version,
      rows,
      goal_assign_per_s: 100_000,
      goal_preview_p99_ms: 300,
      projection_rows: preview.rows,
      projection_build_ms: Math.round(preview.buildMs),
      previews: preview.previews,
      rule_member_shares: preview.memberShares,
      rule_preview_max_ms: Number(preview.max.toFixed(1)),
      rule_preview_cpu_p50_ms: Number(preview.cpuP50.toFixed(1)),
      rule_preview_cpu_p99_ms: Number(preview.cpuP99.toFixed(1)),
      assign_cpu_per_s: Math.round(rows / cpuS),
      ...refit,
      ...(refit_seconds_100k === undefined ? {} : { refit_seconds_100k }),
      rule_preview_p50_ms: Number(preview.p50.toFixed(1)),
      rule_preview_p99_ms: Number(preview.p99.toFixed(1)),
      assign_end_to_end_per_s: Math.round(rows / assignS),
    };
    if (refit_seconds_100k !== undefined)
      console.log(`refit of ${rows.toLocaleString()} profiles in the refit function's ticks: ${refit_seconds_100k} s (${JSON.stringify(refit)})`);
    console.log(`assignment end to end: ${figures.assign_end_to_end_per_s.toLocaleString()} profiles/s wall, ${figures.assign_cpu_per_s.toLocaleString()}/s of CPU (goal ≥ 100,000)`);
    console.log(`rule preview on ${preview.rows.toLocaleString()} profiles: p50 ${figures.rule_preview_p50_ms} ms, p99 ${figures.rule_preview_p99_ms} ms over ${previews} edits (goal p99 < 300); projection built in ${figures.projection_build_ms} ms`);
    return figures;
  },
};

export default bench;
