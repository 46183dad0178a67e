/**
 * PostHog-style pipeline steps: each step looks at the items still alive and answers, per item,
 * `ok` (go on), `drop` (stop here, reported to the caller with a stable reason) or `deadLetter`
 * (stop here, kept in `dead_letters` for a person to look at). Request-wide refusals (no identity,
 * no consent) are thrown as `QxError` and fail the whole call.
 */

/** Stable per-event reason codes the tracker branches on (drop poison, retry the rest). */
export const REASON_CODES = [
  'INVALID_EVENT',
  'INVALID_KEY',
  'UNKNOWN_EVENT',
  'TEXT_TOO_LONG',
  'DUPLICATE',
  'DEAD_LETTERED',
  /** A client sent an event only the server may write (purchase, order_submit). */
  'SERVER_FACT',
  /** The event names a product the catalog does not have. */
  'UNKNOWN_PRODUCT',
  /** The event's category is not its product's category in the catalog. */
  'CATEGORY_MISMATCH',
  /** The customer's data was deleted while this batch was being stored: nothing of it is kept. */
  'ERASED',
  /** The event would open a session past the day's cap (track/steps/cap-sessions.ts). */
  'TOO_MANY_SESSIONS',
] as const;
/** One of {@link REASON_CODES}. */
export type ReasonCode = (typeof REASON_CODES)[number];

/** What a step decided for one item. */
export type StepOutcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'drop'; reason: ReasonCode; detail?: string }
  | { kind: 'deadLetter'; reason: string };

export const ok = <T>(value: T): StepOutcome<T> => ({ kind: 'ok', value });
export const drop = <T>(reason: ReasonCode, detail?: string): StepOutcome<T> =>
  detail === undefined ? { kind: 'drop', reason } : { kind: 'drop', reason, detail };
export const deadLetter = <T>(reason: string): StepOutcome<T> => ({ kind: 'deadLetter', reason });

/** A named step over the live items of a batch (batch-wise so stores can write in one call). */
export interface Step<C, T> {
  name: string;
  run(ctx: C, items: readonly T[]): Promise<Array<StepOutcome<T>>>;
}

/** The final state of one input item. */
export type ItemResult<T> =
  | { kind: 'ok'; index: number; value: T }
  | { kind: 'drop'; index: number; step: string; reason: ReasonCode; detail?: string }
  | { kind: 'deadLetter'; index: number; step: string; reason: string; value: T };
