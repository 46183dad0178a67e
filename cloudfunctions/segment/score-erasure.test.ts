/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
/**
 * No resurrection by the segment pass: a customer erased while the pass holds their page — and
 * back at once with a new profile at the same `rev` — keeps no segment, features or history
 * computed from the old profile, whether the erasure lands before the writes or during them.
 */
import { getSegmentationModel } from '../common/inference/segmentation';
import type { ProfileDoc } from '../common/profile/types';
import { buyerProfile } from '../../test/helpers/profiles';
import { memoryStore, type MemoryStore } from './memory-store.test-helper';
import { scorePage } from './score-page';

const NOW = Date.UTC(2026, 0, 15);
const ids = ['u0', 'u1', 'u2', 'u3'];

/** A store whose erasure marks live in `erased` (a set, read at call time). */
function store(): MemoryStore & { erased: Set<string> } {
  const s = memoryStore(ids.map((id) => buyerProfile(id, NOW, [1, 5, 12, 30], { productId: 'p', categoryId: 'c' })));
  const erased = new Set<string>();
  return Object.assign(s, {
    erased,
    erasedSince: async () => {
      const now = new Set(erased);
      return (id: string) => now.has(id);
    },
    async forgetSegment(id: string) {
      const p = s.profiles.get(id);
      if (p) for (const k of ['segment', 'segmentName', 'segmentPhrase', 'segmentReasons', 'segmentReasonFacts', 'features', 'featuresAt', 'segmentedRev', 'modelVersion', 'segmentedAt']) delete (p as Record<string, unknown>)[k];
    },
  });
}

/** The erasure of `id` and its return: a fresh profile with the same rev as the one read. */
function eraseAndReturn(s: MemoryStore & { erased: Set<string> }, id: string, rev: number) {
  s.erased.add(id);
  s.history = s.history.filter((h) => h.openid !== id);
  s.profiles.set(id, { _id: id, openid: id, rev, d: {} } as ProfileDoc);
}

async function pass(s: MemoryStore) {
  const page = await s.pageProfiles('', 100);
  return scorePage(page, NOW, await getSegmentationModel(), s, {}, 'run-1', 1);
}

describe('segment pass vs an erasure mid-way', () => {
  it('erased after the read, before the writes: nothing written for them', async () => {
    const s = store();
    const page = await s.pageProfiles('', 100);
    eraseAndReturn(s, 'u1', page[1].rev as number);
    await scorePage(page, NOW, await getSegmentationModel(), s, {}, 'run-1', 1);
    expect(s.profiles.get('u1')!.segment).toBeUndefined();
    expect(s.history.map((h) => h.openid).sort()).toEqual(['u0', 'u2', 'u3']);
  });

  it('erased while the page is written: the write on the new profile and its history are taken back', async () => {
    const s = store();
    const write = s.writeSegment.bind(s);
    s.writeSegment = async (id, rev, fields) => {
      if (id === 'u2') eraseAndReturn(s, 'u2', rev as number);
      return write(id, rev, fields);
    };
    await pass(s);
    expect(s.profiles.get('u2')!.segment).toBeUndefined();
    expect(s.profiles.get('u2')!.features).toBeUndefined();
    expect(s.history.map((h) => h.openid).sort()).toEqual(['u0', 'u1', 'u3']);
    expect(typeof s.profiles.get('u3')!.segment).toBe('number');
  });
});
