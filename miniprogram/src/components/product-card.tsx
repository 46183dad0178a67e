/** A product in the feed: picture (or a coloured tile with the category), name, price. */
import { Image, Text, View } from '@tarojs/components';
import { yuan, type Product } from '../services/shop';
import './product-card.scss';

const TILE_COLOURS = ['#f7d9c4', '#d4e7d0', '#d6e4f0', '#f3e1f0', '#f6eec7', '#e2e0f5'];

/** A stable colour per category, so the feed looks the same each visit. */
export function tileColour(key: string): string {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return TILE_COLOURS[h % TILE_COLOURS.length] as string;
}

export function ProductThumb({ product, large }: { product: Pick<Product, 'name' | 'categoryId' | 'categoryName' | 'image'>; large?: boolean }) {
  if (product.image) return <Image className={large ? 'thumb thumb-large' : 'thumb'} src={product.image} mode='aspectFill' />;
  return (
    <View className={large ? 'thumb thumb-large' : 'thumb'} style={{ background: tileColour(product.categoryId) }}>
      <Text className='thumb-cat'>{product.categoryName}</Text>
      <Text className='thumb-initial'>{product.name.slice(0, 1)}</Text>
    </View>
  );
}

export function ProductCard({ product, onOpen }: { product: Product; onOpen: (p: Product) => void }) {
  return (
    <View className='card' onClick={() => onOpen(product)} data-product-id={product._id}>
      <ProductThumb product={product} />
      <View className='card-body'>
        <Text className='card-name'>{product.name}</Text>
        <View className='card-foot'>
          <Text className='price'>{yuan(product.priceFen)}</Text>
          {product.stock <= 0 ? <Text className='tag tag-grey'>已售罄</Text> : product.stock < 5 ? <Text className='tag'>仅剩{product.stock}件</Text> : null}
        </View>
      </View>
    </View>
  );
}
