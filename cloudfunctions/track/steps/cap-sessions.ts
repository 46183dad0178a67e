/**
 * cap-sessions: a client opens at most {@link MAX_SESSIONS_PER_DAY} distinct sessions per day.
 *
 * Why: every session id becomes a key of the profile's day bucket (the set behind sessions_30d),
 * and nothing else bounded how many a modified client could invent — 100 new ids per batch grew
 * the profile ~7 KB a call. A profile past the cloud's 1 MB answer cannot be read at all, so every
 * pager of profiles (dispatch, segment, the admin's previews) would fail on it for the whole shop.
 * The tracker starts a session at launch and after 30 minutes in the background, so a person stays
 * far below the cap; at the cap, a forged 64-character id costs ~70 bytes, and the 400 days a
 * profile keeps buckets stay under ~700 KB.
 *
 * Events of a session the day already has pass, and new sessions while there is room; the rest
 * are rejected TOO_MANY_SESSIONS (the tracker drops them). The day is the one the event will be
 * stored under after floor-event-time's age floor (its consent floor, known only on open-batch's
 * slow path, can move a first batch's events to today too). It runs before open-batch because it
 * drops items. Concurrent batches may each fill the room left: the overshoot is bounded by how many
 * run at once, and the next batch sees it. A container remembers the (day, session) pairs it let
 * through, so a customer's usual batch — the same session as before — costs no read. Trusted
 * history imports are not capped (the operator vouches for them).
 */
import { canonicalKey, sessionKey } from '../../common/profile/bucket-keys';
import { dayKey } from '../../common/profile/day';
import { drop, ok, type Step, type StepOutcome } from '../../common/pipeline/types';
import type { TrackContext, TrackItem } from '../context';
import { MAX_EVENT_AGE_MS } from './floor-event-time';

/** Distinct sessions one customer may open per day (UTC+8). */
export const MAX_SESSIONS_PER_DAY = 24;

/** `${openid}|${day}|${canonical session key}` pairs this container let through (a session never leaves its day). */
const seen = new Set<string>();
const SEEN_MAX = 20_000;

function remember(key: string): void {
  if (seen.size >= SEEN_MAX) seen.clear();
  seen.add(key);
}

/** The cap-sessions step. */
export const capSessions: Step<TrackContext, TrackItem> = {
  name: 'cap-sessions',
  async run(ctx, items) {
    if (ctx.trust !== 'client') return items.map((i) => ok(i));
    const openid = ctx.openid!;
    const floor = ctx.now - MAX_EVENT_AGE_MS;
    const slots = items.map((i) => {
      const doc = i.doc!;
      const day = dayKey(doc.ts < floor ? ctx.now : doc.ts);
      return { day, key: canonicalKey(sessionKey(doc.sessionId)) };
    });
    const unknownDays = [...new Set(slots.filter((s) => !seen.has(`${openid}|${s.day}|${s.key}`)).map((s) => s.day))];
    if (unknownDays.length === 0) return items.map((i) => ok(i));
    const open = await ctx.ports.profiles.sessionsOn(openid, unknownDays);
    return items.map((item, i): StepOutcome<TrackItem> => {
      const { day, key } = slots[i];
      const memo = `${openid}|${day}|${key}`;
      if (seen.has(memo)) return ok(item);
      const sessions = open.get(day);
      if (!sessions) return ok(item); // a day the container knew: the session was let through before
      if (!sessions.has(key)) {
        if (sessions.size >= MAX_SESSIONS_PER_DAY)
          return drop('TOO_MANY_SESSIONS', `more than ${MAX_SESSIONS_PER_DAY} sessions on ${day.slice(1)}`);
        sessions.add(key);
      }
      remember(memo);
      return ok(item);
    });
  },
};
