/** Consent records shared by `track` (checks) and `privacy` (writes). */
export * from './policy';
