/** Seeded randomness for training, k-means and bootstraps (one implementation: scripts/lib/random.ts). */
export { mulberry32 as makeRng, gaussian, permutation, sampleIndices, type Rng } from '../../lib/random';
