/**
 * The purchase histories a demo plan will leave in the profiles (purchase days in UTC+8 with the
 * fen spent), computed from the planned events without a cloud: what the first value refit of
 * `npm start` will see. For checking the plan (customers.test.ts, demo-backtest.ts).
 */
import { dayIndex } from '../../cloudfunctions/common/profile/day';
import type { CustomerHistory } from '../../cloudfunctions/common/value/learned';
import type { ReplayEvent } from '../replay/map-events';

/** Each customer's purchase history (customers who never buy are left out). */
export function planHistories(events: readonly ReplayEvent[]): Map<string, CustomerHistory> {
  const days = new Map<string, Map<number, number>>();
  for (const { openid, event } of events) {
    if (event.name !== 'purchase') continue;
    const m = days.get(openid) ?? days.set(openid, new Map()).get(openid)!;
    const d = dayIndex(event.clientTs);
    m.set(d, (m.get(d) ?? 0) + event.props.amountFen);
  }
  const out = new Map<string, CustomerHistory>();
  for (const [id, m] of days) {
    const ds = [...m.keys()].sort((a, b) => a - b);
    out.set(id, { purchases: { days: ds, amounts: ds.map((d) => m.get(d)!) } });
  }
  return out;
}
