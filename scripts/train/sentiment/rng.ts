/** Seeded randomness for splits and epoch order (one implementation: scripts/lib/random.ts). */
export { mulberry32, shuffle } from '../../lib/random';
