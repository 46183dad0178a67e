/**
 * In-memory storage ports for the pipeline's unit tests (integration tests use the real SDK and
 * the local cloud). Same contracts: all-or-nothing inserts with DuplicateKeyError, atomic
 * per-profile updates applied with the reducer's in-memory semantics.
 */
import type { ConsentDoc } from '../../common/consent/policy';
import { DuplicateKeyError } from '../../common/db/wx-db';
import { applyDelta } from '../../common/profile/apply';
import type { ProfileDoc, StoredEvent } from '../../common/profile/types';
import { specOps } from '../../common/profile/update-spec';
import type { TrackPorts } from '../context';

/** Ports plus their backing maps, for assertions. */
export interface MemoryPorts extends TrackPorts {
  eventDocs: Map<string, StoredEvent>;
  profileDocs: Map<string, ProfileDoc>;
  consentDocs: Map<string, ConsentDoc>;
  dead: unknown[];
  /** Make the next profile update throw (fault injection). */
  failNextApply: boolean;
}

export function memoryPorts(): MemoryPorts {
  const eventDocs = new Map<string, StoredEvent>();
  const profileDocs = new Map<string, ProfileDoc>();
  const consentDocs = new Map<string, ConsentDoc>();
  const dead: unknown[] = [];
  const profile = (openid: string): ProfileDoc => {
    let p = profileDocs.get(openid);
    if (!p) profileDocs.set(openid, (p = { _id: openid, openid, rev: 0, d: {} }));
    return p;
  };
  const ports: MemoryPorts = {
    eventDocs,
    profileDocs,
    consentDocs,
    dead,
    failNextApply: false,
    events: {
      async insertMany(docs) {
        if (docs.some((d) => eventDocs.has(d._id))) throw new DuplicateKeyError('E11000 duplicate key');
        for (const d of docs) eventDocs.set(d._id, structuredClone(d));
      },
      async insertOne(doc) {
        if (eventDocs.has(doc._id)) return false;
        eventDocs.set(doc._id, structuredClone(doc));
        return true;
      },
      existingIds: async (ids) => new Set(ids.filter((id) => eventDocs.has(id))),
      async removeIds(ids) {
        let n = 0;
        for (const id of ids) if (eventDocs.delete(id)) n++;
        return n;
      },
    },
    profiles: {
      async markPending(openid, batchId, at) {
        const p = profile(openid);
        p.pending = { ...p.pending, [batchId]: at };
        p.pendingCount = (p.pendingCount ?? 0) + 1;
        p.rev++;
      },
      async applySpec(openid, spec, batchId) {
        if (ports.failNextApply) {
          ports.failNextApply = false;
          throw new Error('injected profile update failure');
        }
        const p = profile(openid);
        applyDelta(p, specOps(spec));
        delete p.pending?.[batchId];
        p.pendingCount = (p.pendingCount ?? 0) - 1;
        p.rev++;
      },
      async clearPending(openid, batchId) {
        const p = profile(openid);
        delete p.pending?.[batchId];
        p.pendingCount = (p.pendingCount ?? 0) - 1;
      },
      get: async (openid) => profileDocs.get(openid) ?? null,
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
