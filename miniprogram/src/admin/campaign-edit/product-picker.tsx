/**
 * 关联商品: the first products of the shop as chips and a name search over all of them. The editor
 * showed the first 12 of its 200 and nothing else, so most of a larger shop's products could not
 * be linked, and a campaign linked to one of them showed no product chosen. A linked product outside
 * the loaded ones is named by a fetch by id (chosen-product.ts).
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { Chip } from '../components/form-controls';
import { SearchBox } from '../components/search-box';
import { adminApi } from '../services/admin-api';
import { productHitsLine } from '../services/count-line';
import { chosenChip, needsLookup, productLabel, type Product, type ProductLookup } from './chosen-product';

/** Chips shown before any search. */
const FIRST = 12;

/** `selected`: the campaign's product id; `onPick` links one. */
export function ProductPicker({ products, selected, onPick }: { products: Product[]; selected: string; onPick: (id: string) => void }) {
  const [name, setName] = useState('');
  const [hits, setHits] = useState<{ products: Product[]; more: boolean } | null>(null);
  const [error, setError] = useState('');
  // Products seen in searches, so a picked one keeps its name among the chips.
  const [seen, setSeen] = useState<Product[]>([]);
  const [lookup, setLookup] = useState<ProductLookup | null>(null);
  const known = [...products, ...seen];
  useEffect(() => {
    if (!needsLookup(selected, known, lookup)) return;
    const id = selected;
    setLookup({ id });
    adminApi.productGet(id).then(
      (r) => setLookup((l) => (l?.id === id ? { id, product: r.product } : l)),
      (e: Error) => setLookup((l) => (l?.id === id ? { id, error: e.message } : l)),
    );
  }, [selected, products]);
  const search = (text: string) => {
    setName(text);
    setHits(null);
    setError('');
    if (!text) return;
    adminApi.productSearch(text).then(
      (r) => {
        setHits(r);
        setSeen((s) => [...s, ...r.products]);
      },
      (e: Error) => setError(e.message),
    );
  };
  const shown = products.slice(0, FIRST);
  const chosen = chosenChip(selected, shown, known, lookup);
  const chip = (p: { _id: string; label: string }, cls: string) => (
    <Chip key={`${cls}-${p._id}`} className={`${cls}-${p._id}`} on={selected === p._id} onClick={() => onPick(p._id)}>
      {p.label}
    </Chip>
  );
  const named = (p: Product) => ({ _id: p._id, label: productLabel(p) });
  return (
    <View className="qx-prod-picker">
      <View>
        {shown.map((p) => chip(named(p), 'qx-prod'))}
        {chosen ? chip(chosen, 'qx-prod') : null}
      </View>
      {products.length > FIRST ? (
        <View>
          <Text className="admin-muted qx-prod-note">这里列出前 {FIRST} 个商品，其他商品请按名称搜索</Text>
        </View>
      ) : null}
      <SearchBox cls="qx-prod-search" placeholder="搜索商品名称" active={name} onSearch={search} />
      {error ? <Text className="admin-problem">搜索失败：{error}</Text> : null}
      {hits ? (
        <View className="qx-prod-hits">
          {hits.products.map((p) => chip(named(p), 'qx-prod-hit'))}
          <View>
            <Text className="admin-muted qx-prod-hits-line">{productHitsLine(name, hits.products.length, hits.more)}</Text>
          </View>
        </View>
      ) : null}
    </View>
  );
}
