/** Seeded randomness for replays and resampling (one implementation: scripts/lib/random.ts). */
export { mulberry32 as rng, hash32, shuffle } from '../lib/random';
