import fc from 'fast-check';
import type { TrackedEvent } from '../../../cloudfunctions/common/contracts/events';
import { PersistentQueue } from './queue';
import { emptyStats } from './stats';
import { MemoryStorage } from './test-fakes';
import { silentLogger } from './ports';

const ev = (seq: number, clientTs = 1000, text = 'x'): TrackedEvent => ({
  eventId: `e${seq}`,
  name: 'search',
  seq,
  deviceId: 'd',
  sessionId: 's',
  clientTs,
  props: { query: text, resultCount: 1 },
});

describe('PersistentQueue', () => {
  it('persists before returning and reloads in sequence order', () => {
    const storage = new MemoryStorage();
    const q = new PersistentQueue(storage, { maxCount: 10, maxBytes: 1e6, maxAgeMs: 1e9 }, emptyStats(), silentLogger);
    [3, 1, 2].forEach((s) => q.push(ev(s)));
    expect(storage.keys().filter((k) => k.startsWith('qx.q.'))).toHaveLength(3);
    const again = new PersistentQueue(storage, { maxCount: 10, maxBytes: 1e6, maxAgeMs: 1e9 }, emptyStats(), silentLogger);
    again.load(2000);
    expect(again.peekAll().map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('drops unreadable entries and expired events on load, counting the expired', () => {
    const storage = new MemoryStorage();
    storage.set('qx.q.junk', '{not json');
    storage.set('qx.q.e1', JSON.stringify(ev(1, 0)));
    storage.set('qx.q.e2', JSON.stringify(ev(2, 9000)));
    const stats = emptyStats();
    const q = new PersistentQueue(storage, { maxCount: 10, maxBytes: 1e6, maxAgeMs: 5000 }, stats, silentLogger);
    q.load(10_000);
    expect(q.peekAll().map((e) => e.seq)).toEqual([2]);
    expect(stats.dropped.expired).toBe(1);
    expect(storage.get('qx.q.junk')).toBeNull();
  });

  it('property: bounds hold after every push, the newest survive, drops are counted, storage mirrors memory', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 300 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 400, max: 8000 }),
        (texts, maxCount, maxBytes) => {
          const storage = new MemoryStorage();
          const stats = emptyStats();
          const q = new PersistentQueue(storage, { maxCount, maxBytes, maxAgeMs: 1e9 }, stats, silentLogger);
          texts.forEach((t, i) => {
            q.push(ev(i, 1000, t || 'x'));
            expect(q.size).toBeLessThanOrEqual(maxCount);
            expect(q.size === 0 || q.bytes <= maxBytes).toBe(true);
          });
          const seqs = q.peekAll().map((e) => e.seq);
          // survivors are a suffix of what was pushed, in order
          expect(seqs).toEqual(texts.map((_, i) => i).slice(texts.length - seqs.length));
          expect(stats.dropped.overflow).toBe(texts.length - seqs.length);
          expect(storage.keys().filter((k) => k.startsWith('qx.q.')).sort()).toEqual(seqs.map((s) => `qx.q.e${s}`).sort());
        },
      ),
    );
  });

  it('head() respects count and byte limits but always yields at least one event', () => {
    const q = new PersistentQueue(new MemoryStorage(), { maxCount: 100, maxBytes: 1e6, maxAgeMs: 1e9 }, emptyStats(), silentLogger);
    for (let i = 0; i < 10; i++) q.push(ev(i, 1000, 'y'.repeat(500)));
    expect(q.head(3, 1e6)).toHaveLength(3);
    const oneKb = q.head(100, 1200);
    expect(oneKb).toHaveLength(1);
    expect(q.head(100, 10)).toHaveLength(1);
  });
});
