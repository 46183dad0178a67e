/**
 * The scoring pass as a resumable job (`score:value`): pages through the profiles and writes the
 * SERVING version's predictions on every buyer, and on every visitor when the version has a
 * visitor part (`profiles.value`), accumulating the daily
 * snapshot; when the pass ends the snapshot is saved. Each step re-reads which version serves:
 * if a promotion or a rollback changed it mid-pass, the pass restarts with the new version, so
 * a finished pass never mixes two versions. With no version serving (rolled back to none), the
 * pass removes stale predictions instead.
 */
import type { JobHandler, StepOutcome } from '../jobs/types';
import { dayIndex } from '../profile/day';
import type { ProfileDoc } from '../profile/types';
import { currentSegmentName } from '../segments/display-name';
import { formatDay } from '../value/history';
import { historyOfProfile } from '../value/profile-history';
import { profileValues } from '../value/profile-value';
import type { ValueDataPorts } from './ports';
import type { ServedValueModel } from './served-model';
import { addToAgg, addVisitorToAgg, emptyAgg, finishSnapshot, type SnapshotAgg } from './snapshot';

/** Profile updates in flight at once during a pass. */
const WRITE_CONCURRENCY = 16;

/** Job kind of the scoring pass. */
export const SCORE_KIND = 'score:value';

/** The pass's ports. */
export interface ScorePorts {
  data: ValueDataPorts;
  served(): Promise<ServedValueModel | null>;
  now(): number;
}

interface ScoreState {
  version: string | null;
  today: number;
  scored: number;
  cleared: number;
  /** visitors scored (absent in passes begun before the visitor part existed) */
  visitors?: number;
  restarts: number;
  agg: SnapshotAgg;
}

const past365 = (days: number[], amounts: number[], today: number) =>
  days.reduce((t, d, i) => (d > today - 365 && d <= today ? t + amounts[i] : t), 0);

/** The `score:value` handler; `pageSize` profiles per step. */
export function valueScoreHandler(ports: ScorePorts, o: { pageSize?: number } = {}): JobHandler {
  const pageSize = o.pageSize ?? 500;
  return {
    kind: SCORE_KIND,
    async step(ctx): Promise<StepOutcome> {
      const served = await ports.served();
      const version = served?.version ?? null;
      let s = ctx.run.state as unknown as ScoreState;
      let cursor = String(ctx.run.cursor ?? '');
      if (ctx.run.phase === 'start' || s.version !== version) {
        const restarts = ctx.run.phase === 'start' ? 0 : s.restarts + 1;
        s = { version, today: dayIndex(ports.now()), scored: 0, cleared: 0, visitors: 0, restarts, agg: emptyAgg() };
        cursor = '';
      }
      const readAt = ports.now();
      const page = await ports.data.pageProfiles(cursor, pageSize);
      if (page.length === 0) {
        const snap = finishSnapshot(s.agg, { day: formatDay(s.today), at: ports.now(), version });
        await ports.data.saveSnapshot(snap);
        return {
          done: true,
          result: {
            version,
            scored: s.scored,
            visitors: s.visitors ?? 0,
            cleared: s.cleared,
            restarts: s.restarts,
            atRiskHighValue: snap.atRiskHighValue,
          },
        };
      }
      await scorePage(ports, served, page, s, readAt);
      return {
        phase: 'score',
        cursor: page[page.length - 1]._id,
        state: s as unknown as Record<string, unknown>,
      };
    },
  };
}

async function scorePage(
  ports: ScorePorts,
  served: ServedValueModel | null,
  page: ProfileDoc[],
  s: ScoreState,
  readAt: number,
) {
  const histories = page.map(historyOfProfile);
  const values = served
    ? profileValues(served.model, histories, s.today, ports.now(), served.version)
    : page.map(() => null);
  const writes: Array<() => Promise<void>> = [];
  const erased = (await ports.data.erasedSince?.(readAt)) ?? (() => false);
  for (let i = 0; i < page.length; i++) {
    const v = values[i];
    const p = page[i] as ProfileDoc & { value?: unknown; segment?: unknown; segmentName?: unknown };
    if (erased(p._id)) continue; // erased since the read: its profile is gone or new
    if (v?.stage === 'visitor') {
      writes.push(() => ports.data.writeValue(p._id, v));
      s.visitors = (s.visitors ?? 0) + 1;
      addVisitorToAgg(s.agg, v);
    } else if (v) {
      writes.push(() => ports.data.writeValue(p._id, v));
      s.scored++;
      const h = histories[i].purchases;
      addToAgg(s.agg, v, {
        segment: p.segment === undefined || p.segment === null ? null : String(p.segment),
        // today's words: a profile the segment pass has not rewritten since a rename keeps the old name
        segmentName: typeof p.segmentName === 'string' ? currentSegmentName(p.segmentName) : null,
        past365Fen: past365(h.days, h.amounts, s.today),
      });
    } else if (p.value !== undefined) {
      // A prediction from a version that no longer serves (or a profile that no longer qualifies).
      writes.push(() => ports.data.clearValue(p._id));
      s.cleared++;
    }
  }
  // One update per profile is inherent (each gets its own values); a few in flight at once cut
  // the round trips' wall time. Any failure fails the step, which rescores the page on retry.
  for (let k = 0; k < writes.length; k += WRITE_CONCURRENCY)
    await Promise.all(writes.slice(k, k + WRITE_CONCURRENCY).map((w) => w()));
  await takeBackErased(ports, page, readAt, erased);
}

/**
 * An erasure marked after the check above but before our writes ended: a write may have landed
 * on a profile re-created after the erasure's removal (the customer kept consent and came back).
 * The mark precedes the removal, so asking again now sees every such erasure; the prediction
 * read from the old profile is taken off (a no-op where there is no profile).
 */
async function takeBackErased(ports: ScorePorts, page: ProfileDoc[], readAt: number, before: (openid: string) => boolean) {
  const now = await ports.data.erasedSince?.(readAt);
  if (!now) return;
  const late = page.filter((p) => now(p._id) && !before(p._id));
  for (let k = 0; k < late.length; k += WRITE_CONCURRENCY)
    await Promise.all(late.slice(k, k + WRITE_CONCURRENCY).map((p) => ports.data.clearValue(p._id)));
}
