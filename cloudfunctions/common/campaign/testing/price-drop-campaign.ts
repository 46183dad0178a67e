/**
 * One price-drop campaign as the admin function saves it, shared by the dispatcher's unit tests
 * (memory database) and its integration fixtures (local cloud), so both exercise the same document.
 */

/** The template the fixture campaign sends (seeded in the local cloud's template list). */
export const PRICE_DROP_TEMPLATE = 'tpl_price_drop';

/** The fields of a price-drop campaign before status/bookkeeping; `over` replaces any of them. */
export function priceDropCampaign(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'price_drop',
    segments: [1, 2],
    filters: {},
    templateId: PRICE_DROP_TEMPLATE,
    productId: 'p1',
    data: {
      thing1: { from: 'product', field: 'name' },
      amount2: { from: 'product', field: 'price' },
      amount3: { from: 'text', value: '¥72.00' },
      thing4: { from: 'text', value: '您关注的商品已降价' },
    },
    page: 'pages/product/index?id=p1',
    schedule: { kind: 'now' },
    frequencyCap: { max: 5, windowHours: 24 },
    quietHours: null,
    conversionWindowHours: 72,
    ...over,
  };
}
