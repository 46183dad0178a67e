/**
 * The UNTOUCHED test split and the domains. Chosen once, before any tuning of 1.2.0, with its own
 * seed: 10% of each file, stratified (e-commerce by category+label, waimai by label), identical
 * texts on one side. Nothing chooses anything on it — training, validation seeds, the
 * leave-one-domain-out harness and the adaptation simulation's ADAPT sets all draw from `dev`;
 * test figures are only reported.
 */
import { stratifiedSplit, type Review } from './data';

/** Seed of the untouched test split (never change: the report's test figures depend on it). */
export const TEST_SPLIT_SEED = 20261204;
/** Share of each file in the test split. */
export const TEST_FRACTION = 0.1;

/** The domain of a review: its e-commerce category, or "waimai" (food delivery). */
export const domainOf = (r: Review): string => (r.source === 'shop' ? r.cat : r.source);

/** Splits both files into the untouched test split and the development rest. */
export function testSplit(data: { shop: Review[]; waimai: Review[] }): {
  test: { shop: Review[]; waimai: Review[] };
  dev: { shop: Review[]; waimai: Review[] };
} {
  const shop = stratifiedSplit(data.shop, (r) => `${r.cat}:${r.label}`, TEST_FRACTION, TEST_SPLIT_SEED);
  const waimai = stratifiedSplit(data.waimai, (r) => `${r.label}`, TEST_FRACTION, TEST_SPLIT_SEED + 1);
  return {
    test: { shop: shop.held, waimai: waimai.held },
    dev: { shop: shop.kept, waimai: waimai.kept },
  };
}
