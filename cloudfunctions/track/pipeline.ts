/**
 * The track pipeline: limit ingest (burst guard, a quota known full) → validate → identify → check catalog → cap sessions → open batch (consent + pending mark, one
 * request) → floor event time → dedupe → score reviews → store → update profiles → confirm consent.
 * Steps that may drop items run BEFORE open-batch: a batch whose every item is dropped after it
 * would leave its pending mark to the repair pass. {@link handleTrack} runs it and turns the per-item results
 * into the partial-success reply.
 */
import { QxError } from '../common/contracts/errors';
import type { ReasonCode } from '../common/pipeline/types';
import { runPipeline } from '../common/pipeline/runner';
import type { Step } from '../common/pipeline/types';
import type { TrackContext, TrackItem } from './context';
import { parseTrackRequest } from './request';
import { capSessions } from './steps/cap-sessions';
import { checkCatalog } from './steps/check-catalog';
import { confirmConsent } from './steps/confirm-consent';
import { dedupeEvents } from './steps/dedupe-events';
import { floorEventTime } from './steps/floor-event-time';
import { identifyUser } from './steps/identify-user';
import { limitIngest } from './steps/limit-ingest';
import { openBatch } from './steps/open-batch';
import { scoreReviews } from './steps/score-reviews';
import { storeEvents } from './steps/store-events';
import { updateProfiles } from './steps/update-profiles';
import { validateEvents } from './steps/validate-events';

/** The steps, in order. */
export const TRACK_STEPS: ReadonlyArray<Step<TrackContext, TrackItem>> = [
  limitIngest,
  validateEvents,
  identifyUser,
  checkCatalog,
  capSessions,
  openBatch,
  floorEventTime,
  dedupeEvents,
  scoreReviews,
  storeEvents,
  updateProfiles,
  confirmConsent,
];

/** Status of one event in the reply. */
export interface EventResult {
  index: number;
  eventId?: string;
  status: 'accepted' | 'duplicate' | 'rejected';
  /** Stable reason code when not accepted. */
  code?: ReasonCode;
  message?: string;
}

/** The `track` reply data. */
export interface TrackReply {
  results: EventResult[];
  accepted: number;
  duplicate: number;
  rejected: number;
  /** 'deferred': events are stored but their profile increments wait for the repair pass. */
  profile: 'applied' | 'deferred' | 'none';
}

function idOf(raw: unknown): string | undefined {
  const id = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof id === 'string' && id.length <= 64 ? id : undefined;
}

/** Runs one `track` request; throws QxError for request-wide refusals. */
export async function handleTrack(raw: unknown, ctx: TrackContext): Promise<TrackReply> {
  // Who is asking comes first: without an OPENID nothing is looked at, not even to reject it
  // (identify-user alone left a batch of invalid events answered event by event).
  if (!ctx.openid) throw new QxError('UNAUTHENTICATED', '无法识别用户身份（缺少 OPENID）');
  const events = parseTrackRequest(raw);
  const items: TrackItem[] = events.map((e) => ({ raw: e, eventId: idOf(e) }));
  const ran = await runPipeline(TRACK_STEPS, ctx, items);
  // A deletion overlapped the batch (confirm-consent answered ERASED): nothing of it is kept, its
  // dead letters neither — they hold the raw event and would outlive the erasure.
  const erased = ran.some((r) => r.kind === 'drop' && r.reason === 'ERASED');
  const results = erased
    ? ran.map((r) => (r.kind === 'deadLetter' ? { kind: 'drop' as const, index: r.index, step: r.step, reason: 'ERASED' as const } : r))
    : ran;
  const dead = results.filter((r) => r.kind === 'deadLetter');
  if (dead.length > 0) {
    await ctx.ports.deadLetters.add(
      dead.map((r) => ({
        openid: ctx.openid ?? '',
        step: r.step,
        reason: r.reason,
        event: items[r.index].raw,
        at: ctx.now,
      })),
    );
  }
  const out: EventResult[] = results.map((r) => {
    const base = { index: r.index, ...(items[r.index].eventId ? { eventId: items[r.index].eventId } : {}) };
    if (r.kind === 'ok') return { ...base, status: 'accepted' };
    if (r.kind === 'deadLetter')
      return { ...base, status: 'rejected', code: 'DEAD_LETTERED', message: r.reason };
    return {
      ...base,
      status: r.reason === 'DUPLICATE' ? 'duplicate' : 'rejected',
      code: r.reason,
      ...(r.detail ? { message: r.detail } : {}),
    };
  });
  const count = (s: EventResult['status']): number => out.filter((r) => r.status === s).length;
  return {
    results: out,
    accepted: count('accepted'),
    duplicate: count('duplicate'),
    rejected: count('rejected'),
    profile: ctx.profile,
  };
}
