import { deletionDuringInsert, memoryPorts, type MemoryPorts } from '../../track/testing/memory-ports';
import { recordOrderFacts, type OrderForFacts } from './order-facts';

const NOW = Date.UTC(2026, 11, 5, 12);
const order = (id: string): OrderForFacts => ({
  _id: id,
  openid: 'u1',
  amountFen: 5800,
  createdAt: NOW,
  items: [{ productId: 'tea_green', categoryId: 'tea', quantity: 1, priceFen: 5800 }],
});

/** In-memory ports where u1 consents to tracking (deleteMyData keeps this record, adding its mark). */
function consenting(mark: { erasedAt?: number; erasureDoneAt?: number } = {}): MemoryPorts {
  const p = memoryPorts('ordered');
  p.consentDocs.set('u1', { _id: 'u1', openid: 'u1', version: 1, granted: true, grantedAt: 1, personalization: true, ...mark } as never);
  return p;
}

describe('an order\'s facts and a deletion (consent kept) that overlaps them', () => {
  it('records the order into the stream and the profile when no deletion is near', async () => {
    const p = consenting();
    expect(await recordOrderFacts(order('o1'), p, NOW)).toBe('recorded');
    expect([p.eventDocs.size, p.profileDocs.size]).toEqual([2, 1]);
  });

  it('keeps nothing in profile or stream when the deletion lands while the facts are written', async () => {
    const p = consenting();
    deletionDuringInsert(p, 'u1', NOW + 10);
    expect(await recordOrderFacts(order('o2'), p, NOW)).toBe('no-consent');
    expect([p.eventDocs.size, p.profileDocs.size]).toEqual([0, 0]);
  });

  it('an order placed before a deletion and recorded late (the repair pass, hours after) stays out of profile and stream', async () => {
    const p = consenting({ erasedAt: NOW + 10 * 60_000, erasureDoneAt: NOW + 10 * 60_000 });
    expect(await recordOrderFacts(order('o4'), p, NOW + 3 * 3_600_000)).toBe('no-consent');
    expect([p.eventDocs.size, p.profileDocs.size]).toEqual([0, 0]);
  });

  it('an order placed after a deletion long finished is recorded as usual', async () => {
    const p = consenting({ erasedAt: NOW - 10 * 60_000, erasureDoneAt: NOW - 10 * 60_000 });
    expect(await recordOrderFacts(order('o3'), p, NOW)).toBe('recorded');
    expect([p.eventDocs.size, p.profileDocs.size]).toEqual([2, 1]);
  });
});
