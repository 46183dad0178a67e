/**
 * The demo catalog. With the real data: the 12 busiest Taobao categories become the shop's
 * categories (Chinese names assigned in order of popularity — the sample's category ids carry no
 * names), each with its most viewed items (up to 15) as products named from a per-category word
 * list, priced by prices.ts (CDNOW per-CD price distribution, seeded per item). Plus one music
 * category for the CDNOW customers. Without the data: the same categories with generated items.
 */
import { itemPriceFen } from '../replay/prices';
import { hash32 } from '../replay/rng';
import type { TaobaoRow } from '../replay/sources';

/** A catalog product as the shop function reads it (money in fen). */
export interface SeedProduct {
  _id: string;
  name: string;
  categoryId: string;
  categoryName: string;
  priceFen: number;
  stock: number;
  /** Taobao category this shop category stands for (seed bookkeeping). */
  sourceCategory?: string;
}

const CATEGORIES: Array<[string, string[]]> = [
  ['女装', ['连衣裙', '针织开衫', '羊毛大衣', '阔腿裤', '真丝衬衫']],
  ['男装', ['纯棉T恤', '休闲夹克', '牛仔裤', '羽绒服', '卫衣']],
  ['美妆', ['保湿面霜', '口红', '粉底液', '卸妆水', '面膜']],
  ['数码', ['蓝牙耳机', '充电宝', '机械键盘', '手机壳', '数据线']],
  ['零食', ['坚果礼盒', '牛肉干', '手工饼干', '果脯', '海苔']],
  ['家居', ['四件套', '收纳箱', '香薰蜡烛', '抱枕', '地垫']],
  ['母婴', ['纸尿裤', '婴儿湿巾', '奶瓶', '儿童水杯', '爬行垫']],
  ['运动', ['跑步鞋', '瑜伽垫', '速干衣', '运动水壶', '护膝']],
  ['鞋靴', ['马丁靴', '帆布鞋', '乐福鞋', '雪地靴', '凉拖']],
  ['箱包', ['双肩包', '托特包', '行李箱', '钱包', '斜挎包']],
  ['个护', ['洗发水', '沐浴露', '电动牙刷', '护手霜', '剃须刀']],
  ['厨具', ['不粘锅', '保温杯', '菜刀', '砧板', '咖啡杯']],
];
const ADJECTIVES = [
  '经典',
  '轻薄',
  '加厚',
  '简约',
  '复古',
  '新款',
  '舒适',
  '便携',
  '高级',
  '基础款',
  '限定',
  '升级版',
];

/** The shop category of the CDNOW customers' purchases. */
export const MUSIC = { categoryId: 'cmusic', categoryName: '音乐CD', productId: 'cdnow_cd' } as const;

function productName(words: string[], key: string): string {
  const h = hash32(key, 11);
  return `${ADJECTIVES[h % ADJECTIVES.length]}${words[(h >>> 8) % words.length]}`;
}

/** Builds the catalog; `rows` null → generated items. */
export function buildCatalog(rows: readonly TaobaoRow[] | null, prices: readonly number[]): SeedProduct[] {
  const out: SeedProduct[] = [];
  const byCat = new Map<string, Map<string, number>>();
  for (const r of rows ?? []) {
    const items = byCat.get(r.categoryId) ?? byCat.set(r.categoryId, new Map()).get(r.categoryId)!;
    items.set(r.itemId, (items.get(r.itemId) ?? 0) + 1);
  }
  const top = [...byCat.entries()]
    .sort((a, b) => sizeOf(b[1]) - sizeOf(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, CATEGORIES.length);
  CATEGORIES.forEach(([categoryName, words], i) => {
    const src = top[i];
    const categoryId = src ? `c${src[0]}` : `cg${i + 1}`;
    const items = src
      ? [...src[1].entries()]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .slice(0, 15)
          .map(([id]) => id)
      : Array.from({ length: 8 }, (_, k) => `g${i + 1}x${k + 1}`);
    for (const itemId of items) {
      out.push({
        _id: `i${itemId}`,
        name: productName(words, itemId),
        categoryId,
        categoryName,
        priceFen: itemPriceFen(itemId, prices),
        stock: 100,
        ...(src ? { sourceCategory: src[0] } : {}),
      });
    }
  });
  out.push({
    _id: MUSIC.productId,
    name: '精选唱片（CD）',
    categoryId: MUSIC.categoryId,
    categoryName: MUSIC.categoryName,
    priceFen: 1299,
    stock: 500,
  });
  return out;
}

function sizeOf(m: Map<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}
