/**
 * validate-events: strict zod validation per event name. Keys beginning with `$` or containing `.`
 * (NoSQL operator injection), and empty keys or keys holding NUL (no MongoDB stores them), are
 * refused before anything else looks at the event; texts longer
 * than 2,000 characters get their own code. A payload `openid` is ignored (identity comes from
 * the WeChat context), so it is stripped rather than stored or trusted. Server facts from a client
 * are refused (SERVER_FACT).
 */
import {
  eventEnvelope,
  eventProps,
  EVENT_NAMES,
  isServerEventName,
  TRACK_LIMITS,
  type TrackedEvent,
} from '../../common/contracts/events';
import { drop, ok, type Step, type StepOutcome } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';

/** First key (path) starting with `$`, containing `.` or NUL, or empty; null when none. */
export function findForbiddenKey(v: unknown, path = ''): string | null {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = findForbiddenKey(v[i], `${path}[${i}]`);
      if (bad) return bad;
    }
  } else if (v !== null && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      if (k === '' || k.startsWith('$') || k.includes('.') || k.includes('\0')) return `${path}${path ? '.' : ''}${JSON.stringify(k).slice(1, -1)}`;
      const bad = findForbiddenKey(child, `${path}${path ? '.' : ''}${k}`);
      if (bad) return bad;
    }
  }
  return null;
}

function longestText(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (v === null || typeof v !== 'object') return 0;
  let m = 0;
  for (const c of Object.values(v)) m = Math.max(m, longestText(c));
  return m;
}

/**
 * Validates one raw event. `trust` 'client' (the default) refuses server facts (purchase,
 * order_submit) with SERVER_FACT: only `shop` and trusted imports write them.
 */
export function validateEvent(raw: unknown, trust: TrackContext['trust'] = 'client'): StepOutcome<TrackedEvent> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return drop('INVALID_EVENT', 'event must be an object');
  const bad = findForbiddenKey(raw);
  if (bad !== null) return drop('INVALID_KEY', `key "${bad}" is empty, starts with $ or contains a dot or NUL`);
  if (longestText(raw) > TRACK_LIMITS.maxTextChars)
    return drop('TEXT_TOO_LONG', `a text is longer than ${TRACK_LIMITS.maxTextChars} characters`);
  const { openid: _ignored, ...rest } = raw as Record<string, unknown>;
  if (typeof rest.name === 'string' && !(EVENT_NAMES as string[]).includes(rest.name)) {
    return drop('UNKNOWN_EVENT', `unknown event name "${rest.name}"`);
  }
  if (trust === 'client' && typeof rest.name === 'string' && isServerEventName(rest.name))
    return drop('SERVER_FACT', `"${rest.name}" is recorded by the server when an order is placed, never by a client`);
  const env = eventEnvelope.safeParse(rest);
  if (!env.success) return drop('INVALID_EVENT', zodMessage(env.error));
  const props = eventProps[env.data.name].safeParse(env.data.props);
  if (!props.success) return drop('INVALID_EVENT', zodMessage(props.error, 'props'));
  return ok({ ...env.data, props: props.data } as TrackedEvent);
}

function zodMessage(
  err: { issues: Array<{ path: (string | number)[]; message: string }> },
  prefix = '',
): string {
  const i = err.issues[0];
  const p = [prefix, ...i.path].filter((x) => x !== '').join('.');
  return `${p || 'event'}: ${i.message}`;
}

/** The validate-events step. */
export const validateEvents: Step<TrackContext, TrackItem> = {
  name: 'validate-events',
  async run(ctx, items) {
    return items.map((item) => {
      const o = validateEvent(item.raw, ctx.trust);
      return o.kind === 'ok'
        ? ok({ ...item, event: o.value, eventId: o.value.eventId })
        : (o as StepOutcome<TrackItem>);
    });
  },
};
