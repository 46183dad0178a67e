/**
 * A function update in progress: WeChat does not say whether, while a function is updated, calls
 * still reach instances of the release before, so the local cloud can serve both at once. Which
 * release takes each call is the routing: `alternate` (previous, current, previous, …), `random`
 * (seeded; `previousShare` of the calls, default one half), or a fixed `sequence` of releases
 * (then alternate). Calls a function makes to another go through the same routing.
 */
import { z } from 'zod';
import { mulberry32 } from '../../../cloudfunctions/common/random';

/** Which release serves a call. */
export type Release = 'previous' | 'current';

/** How calls are split between the two releases. */
export const rolloutRoutingSchema = z.union([
  z.object({ mode: z.literal('alternate') }),
  z.object({ mode: z.literal('random'), seed: z.number().int(), previousShare: z.number().min(0).max(1).optional() }),
  z.object({ mode: z.literal('sequence'), releases: z.array(z.enum(['previous', 'current'])).min(1) }),
]);

/** How calls are split between the two releases (see the file header). */
export type RolloutRouting = z.infer<typeof rolloutRoutingSchema>;

/** Picks the release of each call, in call order. */
export class RolloutRouter {
  private n = 0;
  private readonly random: (() => number) | null;
  /** Calls each release took so far. */
  readonly served: Record<Release, number> = { previous: 0, current: 0 };

  constructor(readonly routing: RolloutRouting) {
    this.random = routing.mode === 'random' ? mulberry32(routing.seed) : null;
  }

  next(): Release {
    const i = this.n++;
    const r = this.route(i);
    this.served[r]++;
    return r;
  }

  private route(i: number): Release {
    const r = this.routing;
    if (r.mode === 'random') return this.random!() < (r.previousShare ?? 0.5) ? 'previous' : 'current';
    if (r.mode === 'sequence' && i < r.releases.length) return r.releases[i];
    const k = r.mode === 'sequence' ? i - r.releases.length : i;
    return k % 2 === 0 ? 'previous' : 'current';
  }
}
