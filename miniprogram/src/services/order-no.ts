/**
 * The order number customers and staff read: the last 8 characters of the order id, upper-case,
 * in two groups of 4 (「订单号 3F9A C21B」). The full id (41 characters for a keyed checkout) stays
 * in the data, exports and the API; this is only how a person reads it.
 *
 * Both id forms end in random hex (shop: `keyedOrderId` is a SHA-256 prefix, `newOrderId` ends
 * in 6 random bytes), so 8 of them are 32 random bits: two orders of one customer look the same
 * with odds n(n-1)/2 / 2^32 for n orders — about 1 in 870 000 at 100 orders, 1 in 8 600 at 1 000.
 */
export function shortOrderNo(id: string): string {
  const tail = id.slice(-8).toUpperCase();
  return tail.length > 4 ? `${tail.slice(0, 4)} ${tail.slice(4)}` : tail;
}
