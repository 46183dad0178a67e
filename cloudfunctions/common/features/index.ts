/** Profile features: model inputs in feature-spec order, quality flags, category affinity. */
export * from './compute-features';
export * from './quality';
export * from './affinity';
export * from './windows';
