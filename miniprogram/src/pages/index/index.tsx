/** 首页: product feed by category, with search. */
import { Button, Input, ScrollView, Text, View } from '@tarojs/components';
import Taro, { useReachBottom, useShareAppMessage } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { productSearchText } from '../../../../cloudfunctions/common/contracts/name-search';
import { LoadError } from '../../components/load-error';
import { PageShell } from '../../components/page-shell';
import { ProductCard } from '../../components/product-card';
import { track } from '../../services/analytics';
import { shopApi, type Category, type Product } from '../../services/shop';
import './index.scss';

/** One load of the feed: category, search, and where the page starts. */
interface FeedQuery {
  categoryId?: string;
  q?: string;
  page: number;
  after?: string;
}

export default function Home() {
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryId, setCategoryId] = useState<string | undefined>();
  const [query, setQuery] = useState('');
  const [applied, setApplied] = useState('');
  const [products, setProducts] = useState<Product[]>([]);
  const [page, setPage] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  // Why the typed text was not searched (the shop's own rule, checked before asking).
  const [problem, setProblem] = useState('');

  // What the last load asked, so 重试 asks it again (the same category, search and page).
  const last = useRef<FeedQuery>({ page: 0 });
  const load = useCallback(async (opts: FeedQuery) => {
    last.current = opts;
    setLoading(true);
    setError('');
    try {
      const r = await shopApi.listProducts(opts);
      setProducts((prev) => (opts.page === 0 ? r.products : [...prev, ...r.products]));
      setPage(r.page);
      setHasMore(r.hasMore);
      return r;
    } catch (err) {
      setError((err as Error).message);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);

  // A failed category list leaves only 全部 (the feed's own failure is what the customer sees); 重试 asks again.
  const loadCategories = useCallback(() => void shopApi.listCategories().then((r) => setCategories(r.categories), () => undefined), []);
  useEffect(() => {
    loadCategories();
    void load({ page: 0 });
  }, [load, loadCategories]);
  const retry = () => {
    if (!categories.length) loadCategories();
    void load(last.current);
  };

  useShareAppMessage(() => ({ title: '群像小店：好物推荐', path: '/pages/index/index' }));

  useReachBottom(() => {
    // After the last card shown, not an offset: a product listed meanwhile shifts nothing.
    if (hasMore && !loading) void load({ categoryId, q: applied || undefined, page: page + 1, after: products[products.length - 1]?._id });
  });

  const pick = (id?: string) => {
    setCategoryId(id);
    void load({ categoryId: id, q: applied || undefined, page: 0 });
  };
  const search = async () => {
    const checked = productSearchText.safeParse(query);
    setProblem(checked.success ? '' : (checked.error.issues[0]?.message ?? '搜索内容无效'));
    if (!checked.success) return;
    const q = checked.data;
    setApplied(q);
    const r = await load({ categoryId, q: q || undefined, page: 0 });
    if (q && r) track('search', { query: q.slice(0, 100), resultCount: r.products.length + (r.hasMore ? 1 : 0) });
  };
  const open = (p: Product) => void Taro.navigateTo({ url: `/pages/product/index?id=${encodeURIComponent(p._id)}` });

  return (
    <PageShell className='home'>
      <View className='search-bar'>
        <Input
          className='search-input'
          id='search-input'
          value={query}
          placeholder='搜索商品'
          confirmType='search'
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={search}
        />
        <Button className='btn btn-primary btn-small' id='search-btn' onClick={search}>
          搜索
        </Button>
      </View>
      {problem ? <Text className='muted result-hint' id='search-problem'>{problem}</Text> : null}
      <ScrollView className='cats' scrollX enhanced showScrollbar={false}>
        <Text className={!categoryId ? 'cat cat-on' : 'cat'} onClick={() => pick(undefined)}>
          全部
        </Text>
        {categories.map((c) => (
          <Text key={c.categoryId} className={categoryId === c.categoryId ? 'cat cat-on' : 'cat'} onClick={() => pick(c.categoryId)} data-category-id={c.categoryId}>
            {c.categoryName}
          </Text>
        ))}
      </ScrollView>
      {applied ? <Text className='muted result-hint'>「{applied}」的搜索结果</Text> : null}
      {error ? <LoadError id='load-error' message={error} onRetry={retry} /> : null}
      <View className='grid'>
        {products.map((p) => (
          <ProductCard key={p._id} product={p} onOpen={open} />
        ))}
      </View>
      {!loading && !error && products.length === 0 ? <View className='empty'>没有找到相关商品</View> : null}
      {loading ? <View className='muted center'>加载中…</View> : hasMore ? <View className='muted center'>上拉加载更多</View> : null}
    </PageShell>
  );
}
