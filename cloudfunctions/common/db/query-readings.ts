/**
 * The query readings CloudBase leaves undocumented, applied together. Both stand-ins of the
 * cloud's database — the local cloud's wire actions and the unit tests' memory SDK — apply all
 * four through {@link applyReadings}, in the one order that is right.
 */
import { applyArrayNeq, arrayNeqMode, type ArrayNeqMode, type ArrayNeqOptions } from './array-neq';
import { applyLtMissing, ltMissingMode, type LtMissingMode, type LtMissingOptions } from './lt-missing';
import { applyNeqMissing, neqMissingMode, type NeqMissingMode, type NeqMissingOptions } from './neq-missing';
import { applyNullEq, nullEqMode, type NullEqMode, type NullEqOptions } from './null-eq';

/** The options that choose the readings (engine and memory-SDK options extend this). */
export type QueryReadingOptions = NeqMissingOptions & LtMissingOptions & NullEqOptions & ArrayNeqOptions;

/** The four readings a stand-in applies. */
export interface QueryReadings {
  neq: NeqMissingMode;
  lt: LtMissingMode;
  nul: NullEqMode;
  arr: ArrayNeqMode;
}

/** The readings `opts` asks for (each: option, else its environment variable, else the strict default). */
export const queryReadings = (opts: QueryReadingOptions = {}): QueryReadings => ({
  neq: neqMissingMode(opts),
  lt: ltMissingMode(opts),
  nul: nullEqMode(opts),
  arr: arrayNeqMode(opts),
});

/**
 * `filter` as the readings read it. Null equality first: lt-missing adds a `{f: null}` of its own
 * that stands for MongoDB's null-or-missing and must not be read as SQL's `= NULL`. The array
 * reading before neq-missing, so the `$ne` it keeps beside "or an array" still needs the field.
 */
export const applyReadings = <T>(filter: T, r: QueryReadings): T =>
  applyLtMissing(applyNeqMissing(applyArrayNeq(applyNullEq(filter, r.nul), r.arr), r.neq), r.lt);
