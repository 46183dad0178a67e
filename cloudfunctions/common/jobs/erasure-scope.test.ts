import { ERASURE_SLACK_MS } from '../consent/erasures';
import { readsCustomers, runMayHold, type ErasedCustomer, type RunSnapshot } from './erasure-scope';

const T = 1_000_000_000;
const who = (openid: string, dataFrom?: number): ErasedCustomer => ({ openid, is: (o) => o === openid, ...(dataFrom === undefined ? {} : { dataFrom }) });
const hashed: ErasedCustomer = { is: (o) => o === 'o_m' };
const files = { f: 'cloud://f' };
const snap = (kind: string, phase: string, extra: Partial<RunSnapshot> = {}): RunSnapshot => ({ kind, phase, cursor: null, state: { x: 1 }, artifacts: files, ...extra });

describe('runMayHold', () => {
  it.each(['refit:value', 'refit:segmentation'])('%s: mid-read, the customers at or before the position; after it, those whose data began before the read ended', async (kind) => {
    const at = (pos: string) => (kind === 'refit:value' ? { cursor: pos } : { state: { read: { after: pos } } });
    const reading = snap(kind, 'read', at('o_m'));
    expect(await runMayHold(reading, who('o_a'), {})).toBe(true);
    expect(await runMayHold(reading, who('o_m'), {})).toBe(true);
    expect(await runMayHold(reading, who('o_z'), {})).toBe(false);
    // A tombstone names no one: it cannot be placed against the position.
    expect(await runMayHold(reading, hashed, {})).toBe(true);
    expect(await runMayHold(snap(kind, 'read', at('')), hashed, {})).toBe(false);
    const ended = snap(kind, kind === 'refit:value' ? 'fit' : 'select', { readEndedAt: T });
    expect(await runMayHold(ended, who('o_z', T + ERASURE_SLACK_MS + 1), {})).toBe(false);
    expect(await runMayHold(ended, who('o_z', T + ERASURE_SLACK_MS), {})).toBe(true);
    expect(await runMayHold(ended, who('o_z'), {})).toBe(true);
    expect(await runMayHold({ ...ended, readEndedAt: null }, who('o_z', T * 2), {})).toBe(true);
  });

  it('refit:sentiment: exactly whether a review part of this pass has her rows', async () => {
    const parts: Record<string, Buffer> = {
      'cloud://r0': Buffer.from(JSON.stringify([{ key: 'o_a:e1', text: 't', rating: 5 }])),
      'cloud://r1': Buffer.from(JSON.stringify([{ key: 'o_m:e2', text: 't', rating: 1 }])),
    };
    const dl = { download: async (id: string) => parts[id] ?? Promise.reject(new Error('gone')) };
    const run = snap('refit:sentiment', 'adapt', { state: { parts: 2 }, artifacts: { 'reviews-0.json': 'cloud://r0', 'reviews-1.json': 'cloud://r1' } });
    expect(await runMayHold(run, who('o_m'), dl)).toBe(true);
    expect(await runMayHold(run, hashed, dl)).toBe(true);
    expect(await runMayHold(run, who('o_z'), dl)).toBe(false);
    // Only this pass's parts (a restarted run keeps the names of deleted ones).
    expect(await runMayHold({ ...run, state: { parts: 1 } }, who('o_m'), dl)).toBe(false);
    // A part that cannot be read, or no way to read: counted as holding her.
    expect(await runMayHold({ ...run, artifacts: { ...run.artifacts, 'reviews-1.json': 'cloud://x' } }, who('o_z'), dl)).toBe(true);
    expect(await runMayHold(run, who('o_z'), {})).toBe(true);
  });

  it('no files, or begun again with no step done: nothing; an unknown kind with files: yes', async () => {
    expect(await runMayHold(snap('refit:value', 'fit', { artifacts: {} }), who('o_a'), {})).toBe(false);
    expect(await runMayHold(snap('other', 'start', { state: {} }), who('o_a'), {})).toBe(false);
    expect(await runMayHold(snap('other', 'x'), who('o_a'), {})).toBe(true);
  });
});

it('readsCustomers: the read phases of the known kinds; unknown kinds always', () => {
  expect([readsCustomers('refit:value', 'read'), readsCustomers('refit:value', 'fit'), readsCustomers('refit:sentiment', 'adapt'), readsCustomers('other', 'fit')]).toEqual([true, false, false, true]);
});
