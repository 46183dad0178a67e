/**
 * The daily ingestion quota claimed inside the update that marks a track batch (track/quota.ts).
 *
 * The count lives in the profile as `q: {day, n}`. A claim is one conditional update that both
 * makes the caller's change (the batch's pending mark) and counts the batch — so the database,
 * one document at a time, is the judge: concurrent batches from any number of containers can
 * never take the day past `max`. Two forms, because an update cannot both reset and increment:
 * the same day (`q.day = day AND q.n ≤ max − n` → `q.n += n`) and a new day (`q.day ≠ day` →
 * `q = {day, n}`; also a profile without `q`, said explicitly). The same-day form goes first — most
 * batches are not a customer's first of the day — unless this container last counted the
 * customer on an earlier day; so a customer's usual batch is one request, and the first of a day
 * usually two. When neither matches, the profile is read to tell "no room" from "the caller's
 * condition failed" (or no profile yet) — unless the caller says it will find out itself
 * (`read: false`, open-batch: its slow path follows anyway, and a first batch ever is common
 * while a day without room is not).
 */
import type { MarkResult, QuotaClaim } from './ports';
import type { Db, Doc } from './wx-db';

/** What a claim found: marked, no room, or no document matching the caller's condition. */
export type ClaimAnswer = MarkResult | 'no-match';

/** Rounds of "neither form matched, but the read shows room" (a concurrent claim changed `q`). */
const MAX_ROUNDS = 4;

/** Raised when claims keep losing races (cannot happen with fewer concurrent batches than rounds). */
export class QuotaClaimRaceError extends Error {
  override name = 'QuotaClaimRaceError';
}

/**
 * A claimer on `coll`: `claim(openid, where, data, c)` applies `data` to the document matching
 * `where` (which must pin `_id: openid`) only when the day's quota has room for `c`, counting it.
 */
export function quotaClaimer(db: Db, coll: string) {
  const lastDay = new Map<string, string>();
  const remember = (openid: string, day: string): void => {
    if (lastDay.size >= 20_000) lastDay.clear();
    lastDay.set(openid, day);
  };
  return async function claim(openid: string, where: Doc, data: Doc, c: QuotaClaim, read = true): Promise<ClaimAnswer> {
    const _ = db._;
    const sameDay = () =>
      db.updateWhere(coll, { ...where, 'q.day': c.day, 'q.n': _.lte(c.max - c.n) }, { ...data, 'q.n': _.inc(c.n) });
    // "Another day, or none yet" spelled out: whether `neq` alone matches a profile without `q`
    // is not documented for CloudBase (common/db/neq-missing.ts); were it not to, a customer's
    // first counted batch would find no form matching yet room left, and lose every round.
    const otherDay = _.or([{ 'q.day': _.neq(c.day) }, { 'q.day': _.exists(false) }]);
    const newDay = async () =>
      c.n <= c.max ? db.updateWhere(coll, _.and([where, otherDay]), { ...data, q: _.set({ day: c.day, n: c.n }) }) : 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const last = lastDay.get(openid);
      const forms = last !== undefined && last !== c.day ? [newDay, sameDay] : [sameDay, newDay];
      for (const form of forms) {
        if ((await form()) > 0) {
          remember(openid, c.day);
          return { marked: true };
        }
      }
      if (!read) return 'no-match';
      const [doc] = await db.find(coll, where, { fields: { q: true }, limit: 1 });
      if (!doc) return 'no-match';
      const q = doc.q as { day?: string; n?: number } | undefined;
      const used = q?.day === c.day ? (q.n ?? 0) : 0;
      if (used + c.n > c.max) {
        remember(openid, c.day);
        return { marked: false, used };
      }
    }
    throw new QuotaClaimRaceError(`quota claim for ${openid} lost ${MAX_ROUNDS} races in a row`);
  };
}
