/** In-memory ports of the job runner (unit tests, commands). Docs are cloned in and out. */
import { memoryModelFiles } from '../model-store/memory-ports';
import type { JobDb, JobPorts } from './ports';
import type { JobRun, JobSlot } from './types';

const copy = <T>(x: T): T => structuredClone(x);

/** A {@link JobDb} in memory. */
export function memoryJobDb(): JobDb & { runs: Map<string, JobRun>; slots: Map<string, JobSlot> } {
  const runs = new Map<string, JobRun>();
  const slots = new Map<string, JobSlot>();
  return {
    runs,
    slots,
    getSlot: async (kind) => copy(slots.get(kind) ?? null),
    async swapSlot(kind, expected, next) {
      const cur = slots.get(kind);
      if ((cur?.active ?? null) !== expected) return false;
      slots.set(kind, { _id: kind, lastRun: cur?.lastRun ?? null, ...next });
      return true;
    },
    async insertRun(run) {
      if (runs.has(run._id)) throw new Error(`duplicate key ${run._id}`);
      runs.set(run._id, copy(run));
    },
    async removeRun(id) {
      runs.delete(id);
    },
    getRun: async (id) => copy(runs.get(id) ?? null),
    async acquireLease(id, now, until, leaseId) {
      const r = runs.get(id);
      if (!r || r.status !== 'running' || r.leaseUntil >= now) return false;
      runs.set(id, { ...r, leaseUntil: until, leaseId });
      return true;
    },
    async saveRun(id, leaseId, patch) {
      const r = runs.get(id);
      if (!r || r.leaseId !== leaseId) return false;
      runs.set(id, { ...r, ...copy(patch) });
      return true;
    },
    listRuns: async (kind, limit) =>
      [...runs.values()]
        .filter((r) => r.kind === kind)
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, limit)
        .map(copy),
  };
}

/** Both ports in memory. */
export function memoryJobPorts(now?: () => number): JobPorts & { db: ReturnType<typeof memoryJobDb> } {
  return { db: memoryJobDb(), files: memoryModelFiles(), now };
}
