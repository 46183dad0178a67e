/** 评价: text + rating for items I bought and have not reviewed yet. */
import { Button, Text, Textarea, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { LoadError } from '../../components/load-error';
import { PageShell } from '../../components/page-shell';
import { ProductThumb } from '../../components/product-card';
import { Stars } from '../../components/stars';
import { track } from '../../services/analytics';
import { reviewedStore } from '../../services/local-store';
import { shopApi, type OrderLine } from '../../services/shop';
import './index.scss';

interface Pending {
  key: string;
  orderId: string;
  line: OrderLine;
}

function ReviewForm({ item, onDone }: { item: Pending; onDone: (key: string) => void }) {
  const [rating, setRating] = useState(5);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const submit = () => {
    const t = text.trim();
    if (!t) return setError('写点什么吧');
    track('review_submit', { productId: item.line.productId, categoryId: item.line.categoryId, orderId: item.orderId, text: t.slice(0, 2000), rating });
    reviewedStore.add(item.key);
    onDone(item.key);
  };
  return (
    <View className='section review' data-product-id={item.line.productId}>
      <View className='review-head'>
        <View className='review-thumb'>
          <ProductThumb product={{ name: item.line.name, categoryId: item.line.categoryId, categoryName: '' }} />
        </View>
        <View className='review-meta'>
          <Text className='review-name'>{item.line.name}</Text>
          <Stars value={rating} onChange={setRating} />
        </View>
      </View>
      <Textarea className='review-text' value={text} maxlength={2000} placeholder='说说你的使用感受，帮助其他顾客' onInput={(e) => setText(e.detail.value)} />
      {error ? <Text className='consent-error'>{error}</Text> : null}
      <Button className='btn btn-primary btn-small review-submit' onClick={submit}>
        提交评价
      </Button>
    </View>
  );
}

export default function Review() {
  const { params } = useRouter();
  const [items, setItems] = useState<Pending[] | null>(null);
  const [error, setError] = useState('');
  const [thanks, setThanks] = useState(0);
  const [older, setOlder] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setError('');
    shopApi.listOrders().then(
      ({ orders, more }) => {
        setOlder(Boolean(more));
        const done = new Set(reviewedStore.all());
        const list = orders.flatMap((o) => o.items.map((line) => ({ key: `${o._id}:${line.productId}`, orderId: o._id, line })));
        // The order just placed first.
        list.sort((a, b) => Number(b.orderId === params.orderId) - Number(a.orderId === params.orderId));
        setItems(list.filter((i) => !done.has(i.key)));
      },
      (err: Error) => setError(err.message),
    );
  }, [params.orderId, attempt]);

  const done = (key: string) => {
    setItems((xs) => (xs ?? []).filter((x) => x.key !== key));
    setThanks((n) => n + 1);
  };

  return (
    <PageShell>
      {thanks ? <Text className='toast-line' id='review-thanks'>感谢你的评价！</Text> : null}
      {error ? <LoadError id='load-error' message={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {items === null && !error ? <View className='empty'>加载中…</View> : null}
      {items && items.length === 0 ? <View className='empty'>没有待评价的商品</View> : null}
      {(items ?? []).map((i) => (
        <ReviewForm key={i.key} item={i} onDone={done} />
      ))}
      {items && older ? <Text className='empty' id='review-older'>这里只列出最近 50 个订单里待评价的商品</Text> : null}
    </PageShell>
  );
}
