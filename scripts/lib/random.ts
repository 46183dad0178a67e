/** Seeded randomness lives in cloudfunctions/common/random.ts (functions fit models too). */
export * from '../../cloudfunctions/common/random';
