import fc from 'fast-check';
import type { TemplateFault } from '../contracts/admin-replies';
import { afterBanRefusal, BAN_RETRY, banNextTryAt, banProbeDue, banRetryDelay, banTryNow } from './ban-backoff';

const MIN = 60_000;

it('waits 1, 2, 4 … minutes after refusals in a row, never more than an hour', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => banRetryDelay(n) / MIN)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  expect(BAN_RETRY.capMs).toBe(60 * MIN);
});

it('reads an entry stored before the back-off as one refusal, due a minute after it', () => {
  const old: TemplateFault = { templateId: 't', since: 0, lastSeenAt: 1_000, campaignId: 'c' };
  expect(banNextTryAt(old)).toBe(1_000 + MIN);
  expect(banProbeDue([old], 't', 1_000 + MIN - 1)).toBe(false);
  expect(banProbeDue([old], 't', 1_000 + MIN)).toBe(true);
  expect(banProbeDue([old], 'other', 0)).toBe(true);
  expect(afterBanRefusal(old, 't', 'c', 2 * MIN, 2 * MIN + 5)).toMatchObject({ since: 0, refusals: 1, nextTryAt: 3 * MIN });
});

it('staff 立即重试 makes every banned template due now, keeping its step', () => {
  const f = afterBanRefusal(afterBanRefusal(undefined, 't', 'c', 0, 0), 't', 'c', MIN, MIN);
  expect(f).toMatchObject({ refusals: 2, nextTryAt: 3 * MIN });
  const [now] = banTryNow([f], 90_000);
  expect(banProbeDue([now], 't', 90_000)).toBe(true);
  expect(afterBanRefusal(now, 't', 'c', 90_000, 90_000).nextTryAt).toBe(90_000 + 4 * MIN);
  // an entry already due is not put later
  expect(banTryNow([f], 10 * MIN)[0].nextTryAt).toBe(3 * MIN);
});

/**
 * The dispatcher's use of the schedule, tick by tick: a tick (the timer's, a few seconds late or
 * early) tries the template when its entry is due; WeChat refuses while banned and takes the send
 * otherwise (the entry is dropped, as noteSentThrough does).
 */
it('never tries twice closer than the current interval, resets after a send, and keeps trying at least hourly', () => {
  fc.assert(
    fc.property(
      // per tick: its drift from the minute (ms) and whether WeChat bans the template then
      fc.array(fc.record({ drift: fc.integer({ min: -3_000, max: 3_000 }), banned: fc.boolean() }), { minLength: 1, maxLength: 400 }),
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), // lengths of ban spells
      (ticks, spells) => {
        // Long bans in spells, so the cap is reached, alternating with the random per-tick state.
        let spell = 0;
        let left = spells[0] * 3;
        let entry: TemplateFault | undefined;
        const tries: Array<{ at: number; refused: boolean; refusalsBefore: number }> = [];
        ticks.forEach((t, i) => {
          const at = i * MIN + t.drift + 10 * MIN;
          const banned = left > 0 ? true : t.banned;
          if (left > 0) left--;
          else if (!t.banned && spell + 1 < spells.length) left = spells[++spell] * 3;
          if (!banProbeDue(entry ? [entry] : [], 't', at)) return;
          tries.push({ at, refused: banned, refusalsBefore: entry?.refusals ?? 0 });
          entry = banned ? afterBanRefusal(entry, 't', 'c', at, at + 200) : undefined;
        });
        for (let k = 1; k < tries.length; k++) {
          const prev = tries[k - 1];
          const gap = tries[k].at - prev.at;
          if (prev.refused) {
            // never closer than the interval the refusal set …
            expect(gap).toBeGreaterThanOrEqual(banRetryDelay(prev.refusalsBefore + 1));
            // … and never later than the interval plus one tick (with the timer's drift)
            expect(gap).toBeLessThanOrEqual(banRetryDelay(prev.refusalsBefore + 1) + MIN + 6_000);
            expect(tries[k].refusalsBefore).toBe(prev.refusalsBefore + 1);
          } else {
            // after a send that went through, the next tick tries and a refusal starts at step one
            expect(tries[k].refusalsBefore).toBe(0);
            expect(gap).toBeLessThanOrEqual(MIN + 6_000);
          }
        }
      },
    ),
    { numRuns: 300 },
  );
});
