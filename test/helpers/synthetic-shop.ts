/**
 * A synthetic shop for tests: neutral sentences a general model cannot read, plus a shop-specific
 * marker that carries the polarity ("甲甲" positive, "乙乙" negative) — the kind of house
 * vocabulary only the shop's own ratings can teach. Deterministic per seed.
 */
import { mulberry32 } from '../../scripts/lib/random';
import type { ShopRatedReview } from '../../cloudfunctions/common/sentiment-adapt';

const NEUTRAL = ['今天入住', '周末来的', '和家人一起', '第二次来', '出差住了两晚', '朋友推荐的', '下午到店', '订的大床房'];

/** `n` rated reviews, `pPos` of them positive. */
export function syntheticShop(n: number, seed: number, pPos = 0.6): ShopRatedReview[] {
  const rand = mulberry32(seed);
  const pick = () => NEUTRAL[Math.floor(rand() * NEUTRAL.length)];
  return Array.from({ length: n }, (_, i) => {
    const label = rand() < pPos ? 1 : 0;
    const text = `${pick()}，${pick()}，${label ? '甲甲' : '乙乙'}${Math.floor(rand() * 100)}`;
    return { key: `s${seed}-${i}`, text, label };
  });
}
