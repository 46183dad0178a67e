/**
 * The seeded simulated shops that need nothing but a seed, by the name `--world` takes: one table
 * for clv-sim.ts (which adds the ones written in a corpus's layout and `cdnow-resampled`, which
 * reads ../shared/data), clv-older-dev.ts (session 17's subset), clv-horizon-dev.ts (session 19)
 * and level-horizon-table.ts.
 * sim/worlds.ts, festival-worlds.ts and burst-worlds.ts document each generating process.
 */
import { burstWorld } from './burst-worlds';
import { festivalApparelWorld, newYearGiftsWorld } from './festival-worlds';
import { bgnbdWorld, cyclicSeasonalWorld, giftWholesaleWorld, type SimWorld } from './worlds';

/** A world of `n` customers drawn with data seed `seed`. */
export type WorldMaker = (n: number, seed: number) => SimWorld;

/** Every generated world, by name (the burst worlds since session 17, their long hold-outs since session 19). */
export const GENERATED_WORLDS: Readonly<Record<string, WorldMaker>> = {
  'cyclic-seasonal': (n, s) => cyclicSeasonalWorld(n, s),
  'cyclic-seasonal-1y': (n, s) => cyclicSeasonalWorld(n, s, true),
  'gift-wholesale': (n, s) => giftWholesaleWorld(n, s),
  'festival-apparel': (n, s) => festivalApparelWorld(n, s),
  'new-year-gifts': (n, s) => newYearGiftsWorld(n, s),
  'bgnbd-long': (n, s) => bgnbdWorld(n, s, true),
  'bgnbd-3y': (n, s) => bgnbdWorld(n, s, '3y'),
  'bgnbd-cdnow-shape': (n, s) => bgnbdWorld(n, s, false),
  'burst-bgnbd-6m': (n, s) => burstWorld(n, s, 'bgnbd', '6m'),
  'burst-bgnbd-9m': (n, s) => burstWorld(n, s, 'bgnbd', '9m'),
  'burst-slowing-6m': (n, s) => burstWorld(n, s, 'slowing', '6m'),
  'burst-slowing-9m': (n, s) => burstWorld(n, s, 'slowing', '9m'),
  'burst-bgnbd-6m-13w': (n, s) => burstWorld(n, s, 'bgnbd', '6m-13w'),
  'burst-bgnbd-6m-26w': (n, s) => burstWorld(n, s, 'bgnbd', '6m-26w'),
  'burst-bgnbd-6m-39w': (n, s) => burstWorld(n, s, 'bgnbd', '6m-39w'),
  'burst-slowing-6m-13w': (n, s) => burstWorld(n, s, 'slowing', '6m-13w'),
  'burst-slowing-6m-26w': (n, s) => burstWorld(n, s, 'slowing', '6m-26w'),
  'burst-slowing-6m-39w': (n, s) => burstWorld(n, s, 'slowing', '6m-39w'),
};

/** The named generated worlds, in the order given. */
export function pickWorlds(names: readonly string[]): Record<string, WorldMaker> {
  return Object.fromEntries(names.map((n) => [n, GENERATED_WORLDS[n]]));
}
