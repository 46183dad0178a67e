/**
 * Chains {@link Step}s: each step sees only the items every earlier step let through, in input
 * order; the runner remembers where and why each item stopped.
 */
import type { ItemResult, Step } from './types';

/** Raised when a step answers a different number of outcomes than it got items (a step bug). */
export class StepContractError extends Error {
  override name = 'StepContractError';
}

/** Runs `steps` over `items`; results are in input order. Errors thrown by a step propagate. */
export async function runPipeline<C, T>(
  steps: ReadonlyArray<Step<C, T>>,
  ctx: C,
  items: readonly T[],
): Promise<Array<ItemResult<T>>> {
  const results: Array<ItemResult<T> | undefined> = new Array(items.length);
  let live = items.map((value, index) => ({ index, value }));
  for (const step of steps) {
    if (live.length === 0) break;
    const outcomes = await step.run(
      ctx,
      live.map((l) => l.value),
    );
    if (outcomes.length !== live.length) {
      throw new StepContractError(
        `step ${step.name} answered ${outcomes.length} outcomes for ${live.length} items`,
      );
    }
    const next: typeof live = [];
    outcomes.forEach((o, i) => {
      const { index, value } = live[i];
      if (o.kind === 'ok') next.push({ index, value: o.value });
      else if (o.kind === 'drop')
        results[index] = {
          kind: 'drop',
          index,
          step: step.name,
          reason: o.reason,
          ...(o.detail ? { detail: o.detail } : {}),
        };
      else results[index] = { kind: 'deadLetter', index, step: step.name, reason: o.reason, value };
    });
    live = next;
  }
  for (const { index, value } of live) results[index] = { kind: 'ok', index, value };
  return results as Array<ItemResult<T>>;
}
