/** 商品详情: view, favourite, add to cart, and 降价/到货提醒 (one-time subscribe on tap). */
import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { PageShell } from '../../components/page-shell';
import { LoadError } from '../../components/load-error';
import { ProductThumb } from '../../components/product-card';
import { requestSubscribe } from '../../platform';
import { track } from '../../services/analytics';
import { cartStore, favStore } from '../../services/local-store';
import { shopApi, yuan, type Product, type TemplateInfo } from '../../services/shop';
import './index.scss';

export default function ProductPage() {
  const { params } = useRouter();
  const id = decodeURIComponent(params.id ?? '');
  const [product, setProduct] = useState<Product | null>(null);
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [fav, setFav] = useState(() => favStore.has(id));
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [cartCount, setCartCount] = useState(() => cartStore.count());
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setError('');
    shopApi.getProduct(id).then(
      (p) => {
        setProduct(p);
        track('product_view', { productId: p._id, categoryId: p.categoryId, priceFen: p.priceFen });
      },
      (err: Error) => setError(err.message),
    );
    shopApi.listTemplates().then((r) => setTemplates(r.templates), () => undefined);
  }, [id, attempt]);

  // Opened from a service notice: the page path carries the campaign id (dispatch appends it).
  useEffect(() => {
    if (params.campaignId) track('push_open', { campaignId: decodeURIComponent(params.campaignId) });
  }, [params.campaignId]);

  useShareAppMessage(() => ({ title: product ? product.name : '群像小店', path: `/pages/product/index?id=${encodeURIComponent(id)}` }));

  if (!product) {
    return (
      <PageShell>
        {error ? <LoadError id='load-error' message={error} onRetry={() => setAttempt((n) => n + 1)} /> : <View className='empty'>加载中…</View>}
      </PageShell>
    );
  }
  const soldOut = product.stock <= 0;
  const reminder = templates.find((t) => t.use === (soldOut ? 'back_in_stock' : 'price_drop'));

  const toggleFav = () => {
    const on = favStore.toggle(product._id);
    setFav(on);
    track('favorite', { productId: product._id, categoryId: product.categoryId, on });
  };
  const addToCart = () => {
    cartStore.add({ productId: product._id, name: product.name, categoryId: product.categoryId, priceFen: product.priceFen });
    setCartCount(cartStore.count());
    track('add_to_cart', { productId: product._id, categoryId: product.categoryId, quantity: 1, priceFen: product.priceFen });
    setNotice('已加入购物车');
    void Taro.showToast({ title: '已加入购物车', icon: 'success' });
  };
  // Must run straight from the tap: WeChat only opens its dialog inside a user gesture.
  const subscribe = async () => {
    if (!reminder) return;
    try {
      const answers = await requestSubscribe([{ templateId: reminder.templateId, title: reminder.title }]);
      // Analytics only: grants reach the ledger from WeChat itself (its popup push → wxpush).
      for (const [templateId, result] of Object.entries(answers)) track('subscribe_result', { templateId, result });
      setNotice(answers[reminder.templateId] === 'accept' ? `已开启${reminder.title}，我们会通知你一次` : `你没有开启${reminder.title}`);
    } catch (err) {
      setNotice(`订阅失败：${(err as Error).message}`);
    }
  };

  return (
    <PageShell className='product'>
      <ProductThumb product={product} large />
      <View className='section info'>
        <Text className='price price-big'>{yuan(product.priceFen)}</Text>
        <Text className='name'>{product.name}</Text>
        <View className='meta'>
          <Text className='tag tag-grey'>{product.categoryName}</Text>
          <Text className='muted'>{soldOut ? '暂时缺货' : `库存 ${product.stock} 件`}</Text>
        </View>
      </View>
      {reminder ? (
        <View className='section remind' onClick={subscribe} id='remind-btn'>
          <View>
            <Text className='remind-title'>{soldOut ? '到货提醒' : '降价提醒'}</Text>
            <Text className='muted remind-desc'>{reminder.description}</Text>
          </View>
          <Text className='link'>开启 ›</Text>
        </View>
      ) : null}
      {notice ? <Text className='toast-line' id='notice'>{notice}</Text> : null}
      <View className='bar-bottom'>
        <View className={fav ? 'fav fav-on' : 'fav'} onClick={toggleFav} id='fav-btn'>
          <Text className='fav-icon'>{fav ? '♥' : '♡'}</Text>
          <Text className='fav-text'>{fav ? '已收藏' : '收藏'}</Text>
        </View>
        <View className='fav' onClick={() => void Taro.switchTab({ url: '/pages/cart/index' })} id='to-cart'>
          <Text className='cart-count'>{cartCount}</Text>
          <Text className='fav-text'>购物车</Text>
        </View>
        <Button className={soldOut ? 'btn btn-off' : 'btn btn-primary'} id='add-to-cart' disabled={soldOut} onClick={soldOut ? undefined : addToCart}>
          {soldOut ? '已售罄' : '加入购物车'}
        </Button>
      </View>
    </PageShell>
  );
}
