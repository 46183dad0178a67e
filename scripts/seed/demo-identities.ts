/**
 * What makes the demo's customers look like a shop's: WeChat openids (28 characters, `o` and 27
 * of base64url — the demo's `gb_12` masked to 「g***」 on 发送记录 for every customer) and consent
 * given when each customer first opened the app, just before their first event (the seed records
 * every consent at seeding time, so 我的 said 今天 for a customer whose orders go back to 2025).
 * Both deterministic: a hash of the plan's own id and the seed, no random state.
 */
import { createHash } from 'node:crypto';
import type { ReplayEvent } from '../replay/map-events';

/** The seed the demo's identities are derived with (npm start's plan seed). */
export const DEMO_IDENTITY_SEED = 99;

const digest = (seed: number, what: string, id: string): Buffer => createHash('sha256').update(`qx-demo:${seed}:${what}:${id}`).digest();

/** An openid-shaped id for the plan's customer `id`: `o` + 27 base64url characters. */
export function demoOpenid(id: string, seed = DEMO_IDENTITY_SEED): string {
  return `o${digest(seed, 'openid', id).toString('base64url').slice(0, 27)}`;
}

/** `events` with each customer's plan id replaced by {@link demoOpenid} (one id, one openid). */
export function withDemoOpenids(events: readonly ReplayEvent[], seed = DEMO_IDENTITY_SEED): ReplayEvent[] {
  const ids = new Map<string, string>();
  const of = (id: string) => ids.get(id) ?? ids.set(id, demoOpenid(id, seed)).get(id)!;
  const out = events.map((r) => ({ ...r, openid: of(r.openid) }));
  if (new Set(ids.values()).size !== ids.size) throw new Error('two demo customers drew the same openid');
  return out;
}

/** Longest and shortest time between agreeing in the consent sheet and the first recorded event. */
export const CONSENT_LEAD_MS = { min: 5_000, max: 10 * 60_000 };

/**
 * When each customer agreed: 5 s to 10 min before their first event (the consent sheet comes
 * first; nothing is recorded before it), the lead drawn from the customer's id.
 */
export function demoConsentTimes(events: readonly ReplayEvent[], seed = DEMO_IDENTITY_SEED): Map<string, number> {
  const first = new Map<string, number>();
  for (const { openid, event } of events) first.set(openid, Math.min(first.get(openid) ?? Infinity, event.clientTs));
  const span = CONSENT_LEAD_MS.max - CONSENT_LEAD_MS.min;
  return new Map(
    [...first].map(([openid, t]) => [openid, t - CONSENT_LEAD_MS.min - (digest(seed, 'consent', openid).readUInt32BE(0) % (span + 1))]),
  );
}
