/**
 * One call of the value job, within a time budget. A refit (on request, or by the timer when the
 * model is a day old) reads every profile's purchase history, fits BG/NBD, Gamma–Gamma and the
 * learned correction on the data up to today, and starts a scoring pass; scoring pages through
 * the profiles from a stored cursor, writes `value` on each buyer's profile, and resumes in the
 * next call where the budget ran out.
 */
import { dayIndex } from '../common/profile/day';
import { formatDay } from '../common/value/history';
import type { CustomerHistory } from '../common/value/learned';
import { fitValueModel } from '../common/value/model';
import { historyOfProfile } from '../common/value/profile-history';
import { profileValues } from '../common/value/profile-value';
import type { ValueJobDoc, ValueStore } from './store';

/** Horizon of every prediction on a profile, days. */
export const HORIZON_DAYS = 90;
/** A shop needs this many buyers before a fit says anything. */
export const MIN_BUYERS = 30;

/** Options of one call. */
export interface ValueRunOptions {
  now: () => number;
  budgetMs: number;
  pageSize: number;
  /** fit now (staff asked) rather than only when the model is older than `refitIntervalMs` */
  refit: boolean;
  refitIntervalMs: number;
}

/** What a call did. */
export type ValueRunResult =
  | { status: 'busy' }
  | { status: 'too_few_buyers'; buyers: number }
  | { status: 'scoring' | 'completed' | 'idle'; version: string | null; fitted: boolean; scored: number };

const leaseId = () => Math.random().toString(36).slice(2, 12);

/** Runs one call of the job. */
export async function runValueJob(store: ValueStore, o: ValueRunOptions): Promise<ValueRunResult> {
  const start = o.now();
  const id = leaseId();
  const job = await store.acquire(start, start + o.budgetMs + 15_000, id);
  if (!job) return { status: 'busy' };
  try {
    let fitted = false;
    let state: ValueJobDoc = job;
    const stale = !job.fittedAt || start - job.fittedAt >= o.refitIntervalMs;
    if (o.refit || (job.phase === 'idle' && stale)) {
      const fit = await fitFromProfiles(store, o, start);
      if ('buyers' in fit) {
        await store.saveJob({
          lastError: {
            at: start,
            message: `买过东西的客户只有 ${fit.buyers} 位，少于 ${MIN_BUYERS} 位，暂不预测`,
          },
        });
        return { status: 'too_few_buyers', buyers: fit.buyers };
      }
      state = { ...state, ...fit.patch };
      await store.saveJob(fit.patch);
      fitted = true;
    }
    if (state.phase !== 'scoring' || !state.model)
      return { status: 'idle', version: state.version, fitted, scored: 0 };
    let { cursor, scored } = state;
    const today = dayIndex(o.now());
    while (o.now() - start < o.budgetMs) {
      const page = await store.pageProfiles(cursor, o.pageSize);
      if (page.length === 0) {
        await store.saveJob({ phase: 'idle', cursor: '', scored, finishedAt: o.now() });
        return { status: 'completed', version: state.version, fitted, scored };
      }
      const values = profileValues(
        state.model,
        page.map(historyOfProfile),
        today,
        o.now(),
        state.version as string,
      );
      for (let i = 0; i < page.length; i++) {
        const v = values[i];
        if (v) {
          await store.writeValue(page[i]._id, v);
          scored++;
        }
      }
      cursor = page[page.length - 1]._id;
      await store.saveJob({ cursor, scored });
    }
    return { status: 'scoring', version: state.version, fitted, scored };
  } finally {
    await store.saveJob({ leaseUntil: 0 });
  }
}

/** Reads every profile's history and fits; the whole read and fit happen within this call. */
async function fitFromProfiles(
  store: ValueStore,
  o: ValueRunOptions,
  start: number,
): Promise<{ patch: Partial<ValueJobDoc> } | { buyers: number }> {
  const customers: CustomerHistory[] = [];
  let after = '';
  for (;;) {
    const page = await store.pageProfiles(after, 1000);
    if (page.length === 0) break;
    for (const p of page) {
      const h = historyOfProfile(p);
      if (h.purchases.days.length > 0) customers.push(h);
    }
    after = page[page.length - 1]._id;
  }
  if (customers.length < MIN_BUYERS) return { buyers: customers.length };
  const today = dayIndex(start);
  const t0 = o.now();
  const model = fitValueModel(customers, { end: today, horizonDays: HORIZON_DAYS, seed: 1 });
  const first = Math.min(...customers.map((c) => c.purchases.days[0]));
  return {
    patch: {
      phase: 'scoring',
      model,
      version: `value-${formatDay(today).replace(/-/g, '')}-${customers.length}`,
      dataWindow: { from: formatDay(first), to: formatDay(today), n: customers.length },
      fittedAt: start,
      fitSeconds: (o.now() - t0) / 1000,
      cursor: '',
      scored: 0,
      finishedAt: null,
      lastError: null,
    },
  };
}
