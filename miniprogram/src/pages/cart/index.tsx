/** 购物车/下单: adjust quantities, place the order (priced on the server), then review. */
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { PageShell } from '../../components/page-shell';
import { ProductThumb } from '../../components/product-card';
import { track } from '../../services/analytics';
import type { ApiError } from '../../services/api';
import { cartStore, type CartLine } from '../../services/local-store';
import { shortOrderNo } from '../../services/order-no';
import { beginCheckout } from '../../services/pending-checkout';
import { shopApi, yuan, type Order } from '../../services/shop';
import './index.scss';

export default function Cart() {
  const [lines, setLines] = useState<CartLine[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [placed, setPlaced] = useState<Order | null>(null);

  useDidShow(() => setLines(cartStore.lines()));

  const save = (next: CartLine[]) => {
    cartStore.save(next);
    setLines(next);
  };
  const step = (l: CartLine, delta: number) => {
    if (l.quantity + delta < 1) return remove(l);
    save(lines.map((x) => (x.productId === l.productId ? { ...x, quantity: Math.min(99, x.quantity + delta) } : x)));
    if (delta > 0) track('add_to_cart', { productId: l.productId, categoryId: l.categoryId, quantity: delta, priceFen: l.priceFen });
    else track('remove_from_cart', { productId: l.productId, categoryId: l.categoryId, quantity: -delta });
  };
  const remove = (l: CartLine) => {
    save(lines.filter((x) => x.productId !== l.productId));
    track('remove_from_cart', { productId: l.productId, categoryId: l.categoryId, quantity: l.quantity });
  };
  const totalFen = lines.reduce((s, l) => s + l.priceFen * l.quantity, 0);

  const submit = async () => {
    if (busy || lines.length === 0) return;
    setBusy(true);
    setError('');
    try {
      // The shop function records the order and the purchase into the event stream and the
      // profile itself (server facts): the app sends no purchase event of its own.
      const items = lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
      // One key per checkout of this cart, kept on the device until the answer arrives: a retry
      // after an error whose order did go through (a lost answer), even after the app was
      // killed, gets that order back instead of placing it twice. A changed cart is a new checkout.
      const checkout = await beginCheckout(JSON.stringify(items));
      const order = await shopApi.createOrder(items, checkout.key);
      checkout.settle();
      cartStore.clear();
      setLines([]);
      setPlaced(order);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
    } catch (err) {
      // OUTCOME_UNKNOWN: the order may yet stand, so not "failed"; the checkout (its key) is kept
      // and the next tap of 提交 asks again without ordering twice.
      const e = err as ApiError;
      setError(e.code === 'OUTCOME_UNKNOWN' ? e.message : `下单失败：${e.message}`);
    } finally {
      setBusy(false);
    }
  };

  if (placed) {
    return (
      <PageShell>
        <View className='section done' id='order-done'>
          <Text className='done-icon'>✓</Text>
          <Text className='done-title'>下单成功</Text>
          <Text className='muted'>订单号 {shortOrderNo(placed._id)}</Text>
          <Text className='price price-big'>{yuan(placed.amountFen)}</Text>
          <View className='done-actions'>
            <Button className='btn btn-ghost' onClick={() => setPlaced(null)}>
              返回购物车
            </Button>
            <Button className='btn btn-primary' id='go-review' onClick={() => void Taro.navigateTo({ url: `/pages/review/index?orderId=${placed._id}` })}>
              去评价
            </Button>
          </View>
        </View>
      </PageShell>
    );
  }

  return (
    <PageShell className='cart'>
      {lines.length === 0 ? (
        <View className='empty'>
          <Text>购物车还是空的</Text>
          <View className='link empty-link' onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
            去逛逛 ›
          </View>
        </View>
      ) : (
        lines.map((l) => (
          <View className='section line' key={l.productId} data-product-id={l.productId}>
            <View className='line-thumb'>
              <ProductThumb product={{ name: l.name, categoryId: l.categoryId, categoryName: '' }} />
            </View>
            <View className='line-body'>
              <Text className='line-name'>{l.name}</Text>
              <View className='line-foot'>
                <Text className='price'>{yuan(l.priceFen)}</Text>
                <View className='stepper'>
                  <Text className='step' onClick={() => step(l, -1)}>−</Text>
                  <Text className='qty'>{l.quantity}</Text>
                  <Text className='step step-plus' onClick={() => step(l, 1)}>+</Text>
                </View>
              </View>
              <Text className='link line-remove' onClick={() => remove(l)}>删除</Text>
            </View>
          </View>
        ))
      )}
      {error ? <Text className='toast-line'>{error}</Text> : null}
      {lines.length > 0 ? (
        <View className='section checkout'>
          <View className='total'>
            <Text className='muted'>合计 </Text>
            <Text className='price' id='cart-total'>{yuan(totalFen)}</Text>
          </View>
          <Button className='btn btn-primary submit' id='submit-order' loading={busy} onClick={submit}>
            提交订单
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}
