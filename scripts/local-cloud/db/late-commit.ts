/**
 * Fault mode: an insert answered with a timeout that the database commits LATER.
 *
 * Why: -501002 (SERVER_TIMEOUT), -1 (a gateway's 504 page) and -501001 (ESOCKETTIMEDOUT,
 * DATABASE_TIMEOUT) mean "the answer did not come in time"; whether CloudBase may still commit
 * such a write afterwards is not documented. The stricter reading is that it may — after the
 * caller's read-back found nothing — so a product that reads "absent after a timeout" as "not
 * stored" gives back what the write would own (the shop's stock) and the write lands anyway.
 * The local cloud never times out by itself; tests arm this fault on its registry (the existing
 * style: wrap an action's handler, answer on the wire, so the REAL wx-server-sdk reads it).
 *
 * An armed insert is answered at once with the timeout and NOT applied; {@link LateCommits.commit}
 * applies the held inserts, in the order they came, when the test says (deterministic under any
 * load). One that can no longer be applied (its `_id` taken meanwhile) is refused then, as the
 * database would refuse it, and stores nothing.
 */
import type { ActionRegistry, AdminRequest, AdminResponse } from '../server/actions';

/** How a timed-out insert's answer reaches wx-server-sdk, and the errCode it reports. */
export const TIMEOUT_ANSWERS = {
  /** The service's SERVER_TIMEOUT, which the SDK knows: -501002. */
  serverTimeout: { status: 200, type: 'application/json', body: JSON.stringify({ code: 'SERVER_TIMEOUT', message: 'service response timeout' }), errCode: -501002 },
  /** CloudBase's DATABASE_TIMEOUT, a code the SDK's table lacks: -501001. */
  databaseTimeout: { status: 200, type: 'application/json', body: JSON.stringify({ code: 'DATABASE_TIMEOUT', message: 'database request timeout' }), errCode: -501001 },
  /** A gateway's 504 page: not JSON, so a SyntaxError in the SDK: -1. */
  gateway504: { status: 504, type: 'text/html', body: '<html><body>504 Gateway Time-out</body></html>', errCode: -1 },
} as const;
/** One of {@link TIMEOUT_ANSWERS}. */
export type TimeoutAnswer = keyof typeof TIMEOUT_ANSWERS;

/** A held insert's fate once committed. */
export interface LateOutcome {
  collection: string;
  /** True when it was stored; false when the database refused it then (e.g. a duplicate `_id`). */
  stored: boolean;
}

/** The armed fault of one local cloud. */
export interface LateCommits {
  /** The next `count` (default 1) inserts into `collection` time out with `answer` and are held. */
  arm(collection: string, answer?: TimeoutAnswer, count?: number): void;
  /** Inserts answered with a timeout and not applied yet. */
  readonly held: number;
  /** Applies every held insert now, in order. */
  commit(): Promise<LateOutcome[]>;
}

const INSERT = 'database.insertDocument';

/** Installs the fault on `registry` (disarmed: every insert runs as before until {@link LateCommits.arm}). */
export function injectLateCommits(registry: ActionRegistry): LateCommits {
  const insert = registry.resolve(INSERT);
  if (!insert) throw new Error(`the local cloud has no handler for ${INSERT}`);
  const armed = new Map<string, { answer: TimeoutAnswer; left: number }>();
  const held: Array<{ collection: string; req: AdminRequest }> = [];
  registry.register(INSERT, async (req): Promise<AdminResponse> => {
    const collection = String(req.body.collectionName ?? '');
    const a = armed.get(collection);
    // A transaction's insert is answered by its commit, not here: never held.
    if (!a || req.body.transactionId) return insert(req);
    if (--a.left <= 0) armed.delete(collection);
    held.push({ collection, req });
    const t = TIMEOUT_ANSWERS[a.answer];
    return { kind: 'binary', status: t.status, contentType: t.type, body: Buffer.from(t.body) };
  });
  return {
    arm(collection, answer = 'serverTimeout', count = 1) {
      armed.set(collection, { answer, left: count });
    },
    get held() {
      return held.length;
    },
    async commit() {
      const out: LateOutcome[] = [];
      for (const h of held.splice(0)) {
        // A refusal throws (the server turns it into the error envelope nobody is waiting for now).
        const stored = await insert(h.req).then(
          (res) => res.kind === 'json' && !(res.body as { code?: unknown }).code,
          () => false,
        );
        out.push({ collection: h.collection, stored });
      }
      return out;
    },
  };
}
