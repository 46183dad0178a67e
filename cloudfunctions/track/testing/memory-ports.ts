/**
 * In-memory storage ports for the pipeline's unit tests (integration tests use the real SDK and
 * the local cloud). Same contracts: batch inserts that are all-or-nothing or ordered (a prefix
 * stays, like MongoDB's default), refusals classified by the real helper, atomic per-profile
 * updates applied with the reducer's in-memory semantics.
 */
import { CONSENT_VERSION, type ConsentDoc } from '../../common/consent/policy';
import { classifyInsertFailure, DB_REQUEST_FAILED, DB_SYS_ERR } from '../../common/db/duplicate-key';
import type { MarkResult, QuotaClaim } from '../../common/db/ports';
import { applyDelta } from '../../common/profile/apply';
import type { ProfileDoc, StoredEvent } from '../../common/profile/types';
import { specOps } from '../../common/profile/update-spec';
import type { TrackPorts } from '../context';
import { canonicalKey } from '../../common/profile/bucket-keys';

/** Ports plus their backing maps, for assertions. */
export interface MemoryPorts extends TrackPorts {
  eventDocs: Map<string, StoredEvent>;
  profileDocs: Map<string, ProfileDoc>;
  consentDocs: Map<string, ConsentDoc>;
  dead: unknown[];
  /** Make the next profile update throw (fault injection). */
  failNextApply: boolean;
  /** A reason when the store refuses `doc` for itself (fault injection: e.g. "too large"). */
  refuse: (doc: StoredEvent) => string | null;
  /** The catalog: productId → categoryId (default: p1..p9 in c1, q1..q9 in c2). */
  products: Map<string, string>;
}

/** How a refused batch insert leaves the store (see the local cloud's `QX_BATCH_INSERT`). */
export type BatchInsertMode = 'atomic' | 'ordered';

export function memoryPorts(mode: BatchInsertMode = 'ordered'): MemoryPorts {
  const eventDocs = new Map<string, StoredEvent>();
  const profileDocs = new Map<string, ProfileDoc>();
  const consentDocs = new Map<string, ConsentDoc>();
  const dead: unknown[] = [];
  const products = new Map<string, string>();
  for (let i = 1; i <= 9; i++) products.set(`p${i}`, 'c1').set(`q${i}`, 'c2');
  const profile = (openid: string): ProfileDoc => {
    let p = profileDocs.get(openid);
    if (!p) profileDocs.set(openid, (p = { _id: openid, openid, rev: 0, d: {} }));
    return p;
  };
  const mark = (p: ProfileDoc, batchId: string, at: number): void => {
    p.pending = { ...p.pending, [batchId]: at };
    p.pendingCount = (p.pendingCount ?? 0) + 1;
    p.rev++;
  };
  // The quota count as wx-ports keeps it (`q: {day, n}`), checked and counted in one step.
  const count = (p: ProfileDoc, claim: QuotaClaim | null): MarkResult => {
    if (!claim) return { marked: true };
    const q = p.q as { day: string; n: number } | undefined;
    const used = q?.day === claim.day ? q.n : 0;
    if (used + claim.n > claim.max) return { marked: false, used };
    p.q = { day: claim.day, n: used + claim.n };
    return { marked: true };
  };
  const ports: MemoryPorts = {
    eventDocs,
    profileDocs,
    consentDocs,
    dead,
    failNextApply: false,
    refuse: () => null,
    products,
    catalog: {
      async categoriesOf(ids) {
        return new Map(ids.filter((id) => products.has(id)).map((id) => [id, products.get(id)!]));
      },
    },
    events: {
      async insertMany(docs) {
        let i = 0;
        let why: string | null = null;
        let dup = false;
        const seen = new Set<string>();
        for (; i < docs.length; i++) {
          dup = eventDocs.has(docs[i]._id) || seen.has(docs[i]._id);
          why = dup ? `E11000 duplicate key ${docs[i]._id}` : ports.refuse(docs[i]);
          if (why) break;
          seen.add(docs[i]._id);
          if (mode === 'ordered') eventDocs.set(docs[i]._id, structuredClone(docs[i]));
        }
        if (!why) {
          for (const d of docs) eventDocs.set(d._id, structuredClone(d));
          return;
        }
        // As the SDK reports them: CloudBase's DATABASE_DUPLICATE_WRITE becomes -501001, a refusal -502001.
        throw await classifyInsertFailure(
          { errCode: dup ? DB_SYS_ERR : DB_REQUEST_FAILED, errMsg: why },
          docs.map((d) => d._id),
          async (ids) => ids.flatMap((id) => (eventDocs.has(id as string) ? [structuredClone(eventDocs.get(id as string)!)] : [])),
        );
      },
      async removeCustomer(openid) {
        let n = 0;
        for (const [id, d] of eventDocs) if (d.openid === openid && eventDocs.delete(id)) n++;
        return n;
      },
    },
    profiles: {
      async openBatch(openid, batchId, at, claim) {
        const p = profileDocs.get(openid);
        if (!p || !((p.consentV ?? -1) >= CONSENT_VERSION)) return 'no-mirror';
        const counted = count(p, claim);
        if (counted.marked) mark(p, batchId, at);
        return counted;
      },
      async markPending(openid, batchId, at, consentV, claim) {
        if (claim && claim.n > claim.max) return { marked: false, used: 0 };
        const p = profile(openid);
        const counted = count(p, claim);
        if (!counted.marked) return counted;
        mark(p, batchId, at);
        p.consentV = consentV;
        return counted;
      },
      async applySpec(openid, spec, batchId) {
        if (ports.failNextApply) {
          ports.failNextApply = false;
          throw new Error('injected profile update failure');
        }
        const p = profileDocs.get(openid);
        if (!p || !((p.consentV ?? -1) >= CONSENT_VERSION)) return false;
        applyDelta(p, specOps(spec));
        delete p.pending?.[batchId];
        p.pendingCount = (p.pendingCount ?? 0) - 1;
        p.rev++;
        return true;
      },
      async clearPending(openid, batchId) {
        const p = profile(openid);
        delete p.pending?.[batchId];
        p.pendingCount = (p.pendingCount ?? 0) - 1;
      },
      get: async (openid) => profileDocs.get(openid) ?? null,
      async sessionsOn(openid, days) {
        const d = (profileDocs.get(openid)?.d ?? {}) as Record<string, { s?: Record<string, unknown> } | undefined>;
        return new Map(days.map((day) => [day, new Set(Object.keys(d[day]?.s ?? {}).map(canonicalKey))]));
      },
      async remove(openid) {
        profileDocs.delete(openid);
      },
    },
    consents: { get: async (openid) => consentDocs.get(openid) ?? null },
    deadLetters: {
      async add(docs) {
        dead.push(...docs);
      },
    },
  };
  return ports;
}

/**
 * Makes `privacy.deleteMyData` land inside every batch insert of `p` (before the insert): the
 * erasure mark at `at` on the consent record (kept, as a deletion keeps consent), then the
 * customer's profile and events go — the interleaving the erasure-overlap checks close.
 */
export function deletionDuringInsert(p: MemoryPorts, openid: string, at: number): void {
  const insert = p.events.insertMany;
  p.events.insertMany = async (docs) => {
    p.consentDocs.set(openid, { ...p.consentDocs.get(openid)!, erasedAt: at } as never);
    p.profileDocs.delete(openid);
    await p.events.removeCustomer(openid);
    return insert(docs);
  };
}
