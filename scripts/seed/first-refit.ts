/**
 * The seeded shop's first value refit, right after the seed, so it serves value predictions the
 * moment staff open the admin page instead of after the value timer's ticks (every 10 minutes, one
 * tick per 40 s of work): the seeded staff member asks for it as the 模型 card's 立即训练 does
 * (admin `modelRefit`: the run opens and the value function works on it at once), then the value
 * function continues it as its timer would, until the run has ended and, when the guard promoted
 * the version, its scoring pass has written every buyer's predictions. The guard decides as on
 * every refit: nothing here can make a version serve.
 */
import { timerEvent } from '../local-cloud/timers/scheduler';
import type { FullCloud } from '../local-cloud/cloud';

/** The seeded staff member (index.ts). */
export const DEMO_STAFF = 'staff_demo';
/** Their name, the label of their button under 商家员工 on /dev/login. */
export const DEMO_STAFF_NAME = '演示店员';

/** What the value function's status action answers (cloudfunctions/value). */
interface ValueStatus {
  serving: { version: string; dataWindow: { n: number } } | null;
  refit: { status: string; result: Record<string, unknown> | null } | null;
  score: { status: string; result: Record<string, unknown> | null } | null;
}

/** How the first refit ended. */
export interface FirstRefit {
  /** the refit run's outcome (`promoted`, `rejected`, `too_little_history`, …), or its status when it has none */
  outcome: string;
  /** the version serving afterwards (null: none) */
  serving: string | null;
  /** the run's Chinese summary and the guard's reason */
  summary: string;
  reason: string;
  /** buyers the scoring pass wrote predictions for (0 when nothing serves) */
  scored: number;
  ms: number;
}

/**
 * How long the first refit may take in all (a demo shop needs 10–20 s; a loaded CI box several
 * times that). Bounded by time, not by calls: while staff's call still works under its lease, a
 * tick answers `busy` at once, and a count of calls would run out in a second.
 */
const DEADLINE_MS = 10 * 60_000;
/** Pause after a tick that found the run busy (its lease held by another call). */
const BUSY_PAUSE_MS = 1_000;

/** Runs the first value refit as the file comment says; throws when staff's request is refused. */
export async function firstValueRefit(cloud: Pick<FullCloud, 'invokeFunction'>): Promise<FirstRefit> {
  const t0 = Date.now();
  const status = async () =>
    ((await cloud.invokeFunction('value', { action: 'status' }, { source: 'wx_trigger' })) as { data?: ValueStatus })
      .data;
  const asked = (await cloud.invokeFunction(
    'admin',
    { action: 'modelRefit', model: 'value' },
    { openid: DEMO_STAFF, source: 'wx_client' },
  )) as { ok?: boolean; error?: { message?: string } };
  if (!asked?.ok) throw new Error(`modelRefit refused: ${asked?.error?.message ?? JSON.stringify(asked)}`);
  let s = await status();
  const busy = (v: ValueStatus | undefined) =>
    v?.refit?.status === 'running' || (v?.serving != null && v.score?.status !== 'succeeded');
  while (busy(s) && Date.now() - t0 < DEADLINE_MS) {
    const tick = (await cloud.invokeFunction('value', timerEvent('first-start', new Date()), { source: 'wx_trigger' })) as {
      data?: { refit?: { status?: string; steps?: number }; score?: { steps?: number } | null };
    };
    s = await status();
    const worked = (tick.data?.refit?.steps ?? 0) + (tick.data?.score?.steps ?? 0) > 0;
    if (!worked && busy(s)) await new Promise((r) => setTimeout(r, BUSY_PAUSE_MS));
  }
  const r = s?.refit?.result ?? {};
  return {
    outcome: String(r.outcome ?? s?.refit?.status ?? 'none'),
    serving: s?.serving?.version ?? null,
    summary: String(r.summary ?? ''),
    reason: String(r.reason ?? ''),
    scored: s?.serving && s.score?.status === 'succeeded' ? Number(s.score.result?.scored ?? 0) : 0,
    ms: Date.now() - t0,
  };
}
