import { eventEnvelope, eventProps, EVENT_NAMES } from './events';

const base = { eventId: 'e1', seq: 0, deviceId: 'd1', sessionId: 's1', clientTs: 1700000000000 };

describe('event contract', () => {
  it('accepts a well-formed purchase', () => {
    const props = { orderId: 'o1', amountFen: 1990, items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 1990 }] };
    expect(eventEnvelope.safeParse({ ...base, name: 'purchase', props }).success).toBe(true);
    expect(eventProps.purchase.safeParse(props).success).toBe(true);
  });

  it('rejects operator-looking keys and ids', () => {
    expect(eventProps.product_view.safeParse({ productId: 'p1', categoryId: 'c1', $where: 1 }).success).toBe(false);
    expect(eventProps.product_view.safeParse({ productId: '$gt', categoryId: 'c1' }).success).toBe(false);
    expect(eventProps.product_view.safeParse({ productId: 'a.b', categoryId: 'c1' }).success).toBe(false);
  });

  it('rejects fractional money and unknown names', () => {
    expect(eventProps.add_to_cart.safeParse({ productId: 'p', categoryId: 'c', quantity: 1, priceFen: 1.5 }).success).toBe(false);
    expect(eventEnvelope.safeParse({ ...base, name: 'nope', props: {} }).success).toBe(false);
    expect(EVENT_NAMES).toContain('review_submit');
  });
});
