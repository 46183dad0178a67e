/** Living profiles: the reducer (one definition for incremental updates and full rebuilds). */
export * from './types';
export * from './day';
export * from './bucket-keys';
export * from './delta';
export * from './apply';
export * from './update-spec';
export * from './compact';
export * from './canonical';
