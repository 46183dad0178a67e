/**
 * How the editor names the campaign's product. It loads the shop's first 200 products; a campaign
 * linked to another showed 「商品 <id>」, an id staff cannot read. That product is now fetched by id
 * (admin `productGet`), and one the shop no longer has (delisting removes the document) says so:
 * saving refuses it (找不到该商品), so staff must pick another.
 */
import type { EditorOptions } from '../services/admin-api';

/** A product as the editor offers it. */
export type Product = EditorOptions['products'][number];

/**
 * The by-id fetch of a product the editor did not load: pending (`undefined` product), answered
 * (`null` when the shop no longer has it), or failed with the server's words.
 */
export type ProductLookup = { id: string; product?: Product | null; error?: string };

/** Said for a linked product the shop no longer has. */
export const PRODUCT_GONE = '商品已下架或删除';

/** A product's chip text: its name (older products: title). */
export const productLabel = (p: Product): string => p.name ?? p.title ?? `商品 ${p._id}`;

/**
 * The chip of the selected product when it is not among `shown`: named from the products the
 * editor knows (`known`: loaded and searched), else from `lookup` once it has answered for this id.
 * Null when nothing is selected or its chip is already shown.
 */
export function chosenChip(
  selected: string,
  shown: readonly Product[],
  known: readonly Product[],
  lookup: ProductLookup | null,
): { _id: string; label: string } | null {
  if (!selected || shown.some((p) => p._id === selected)) return null;
  const hit = known.find((p) => p._id === selected);
  if (hit) return { _id: selected, label: productLabel(hit) };
  const mine = lookup?.id === selected ? lookup : null;
  if (mine?.product) return { _id: selected, label: productLabel(mine.product) };
  if (mine?.product === null) return { _id: selected, label: PRODUCT_GONE };
  if (mine?.error) return { _id: selected, label: `商品 ${selected}（名称未能读取：${mine.error}）` };
  return { _id: selected, label: '商品名称读取中…' };
}

/** Whether the editor must fetch the selected product by id (not loaded, not searched, not asked yet). */
export function needsLookup(selected: string, known: readonly Product[], lookup: ProductLookup | null): boolean {
  return !!selected && !known.some((p) => p._id === selected) && lookup?.id !== selected;
}
