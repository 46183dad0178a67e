/**
 * What the platform, not the caller, puts into a function's `event`. A mini-program call arrives
 * with `userInfo: {appId, openId}` injected by WeChat (documented for `wx.cloud.callFunction`,
 * superseded by `cloud.getWXContext()` but still sent), and the runtime may add `tcbContext`.
 * Neither is part of the request and neither is ever the caller's identity (that is
 * `getWXContext()` only), so every function drops them before its strict schema: a real client
 * call must not be refused for keys its caller never wrote. Every function reads its request
 * through {@link requestOf}, so the event's shape is bounded there too (event-shape.ts).
 */
import { assertEventShape } from './event-shape';

/** Event keys the platform adds. */
export const PLATFORM_EVENT_KEYS: readonly string[] = ['userInfo', 'tcbContext'];

/**
 * The caller's request inside `event`: a copy without {@link PLATFORM_EVENT_KEYS}, or the value
 * itself when it is not a plain object (the schema then refuses it). Keys are copied as own data
 * properties (`Object.fromEntries`), so a `__proto__` key stays a key the schema refuses.
 * Throws QxError when the event is beyond any request's shape (`assertEventShape`).
 */
export function requestOf(event: unknown): unknown {
  assertEventShape(event);
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event;
  return Object.fromEntries(Object.entries(event).filter(([k]) => !PLATFORM_EVENT_KEYS.includes(k)));
}
