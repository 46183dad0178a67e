/**
 * The query readings CloudBase leaves undocumented, applied together. Both stand-ins of the
 * cloud's database — the local cloud's wire actions and the unit tests' memory SDK — apply all
 * three through {@link applyReadings}, in the one order that is right.
 */
import { applyLtMissing, ltMissingMode, type LtMissingMode, type LtMissingOptions } from './lt-missing';
import { applyNeqMissing, neqMissingMode, type NeqMissingMode, type NeqMissingOptions } from './neq-missing';
import { applyNullEq, nullEqMode, type NullEqMode, type NullEqOptions } from './null-eq';

/** The three readings a stand-in applies. */
export interface QueryReadings {
  neq: NeqMissingMode;
  lt: LtMissingMode;
  nul: NullEqMode;
}

/** The readings `opts` asks for (each: option, else its environment variable, else the strict default). */
export const queryReadings = (opts: NeqMissingOptions & LtMissingOptions & NullEqOptions = {}): QueryReadings => ({
  neq: neqMissingMode(opts),
  lt: ltMissingMode(opts),
  nul: nullEqMode(opts),
});

/**
 * `filter` as the readings read it. Null equality first: lt-missing adds a `{f: null}` of its own
 * that stands for MongoDB's null-or-missing and must not be read as SQL's `= NULL`.
 */
export const applyReadings = <T>(filter: T, r: QueryReadings): T =>
  applyLtMissing(applyNeqMissing(applyNullEq(filter, r.nul), r.neq), r.lt);
