/**
 * A value refit run's artifacts in cloud storage. Runs begun with `gzip` in their state store
 * every artifact gzipped (level 1) under `<name>.gz`: the training rows, bins and histories shrink
 * 6–12× (a 100,000-customer run stored ~0.5 GB raw, kept 7 days after it ends; the basic plan
 * has 5 GB of storage), for ~60 ms per raw MB to compress and a few to inflate. Runs begun before
 * keep their plain names to the end.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { StepContext } from '../jobs/types';
import type { FitArtifacts } from '../value/fit-steps';

/** The artifacts of the run `ctx` works on; `gzip` from its state. */
export function runArtifacts(ctx: StepContext, gzip: boolean): FitArtifacts {
  if (!gzip) return { put: (n, b) => ctx.putArtifact(n, b), get: (n) => ctx.getArtifact(n) };
  return {
    put: (name, content) => ctx.putArtifact(`${name}.gz`, gzipSync(content, { level: 1 })),
    get: async (name) => gunzipSync(await ctx.getArtifact(`${name}.gz`)),
  };
}
