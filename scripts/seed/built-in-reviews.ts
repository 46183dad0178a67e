/**
 * Review texts and ratings for the demo shop without `../shared/data`. Eight fixed texts (half of
 * them negative, rated 5 or 2) gave the demo's sentiment refit 8 distinct texts; its guard holds
 * reviews back by text (sentiment-adapt/slices.ts), so with so few texts a class could be missing
 * from the held-back share and the refit said 「好评或差评不足 30 条（共 1573 条）」. These are
 * composed from phrases a shop's reviews are made of, hundreds of distinct texts, in a shop's mix:
 * most reviews good (5 or 4 stars), some bad (1 or 2), a few middling (3, which the refit leaves
 * out), and some of the good and the bad mixed (好…就是…, …可惜…).
 */
import { rng, shuffle } from '../replay/rng';
import type { SeedReview } from './reviews';

const GOOD = [
  ['质量很好', '做工很精细', '面料摸着很舒服', '颜色和图片一样', '尺码很标准', '味道很不错', '款式很好看', '性价比很高', '比想象中的还要好', '用起来很顺手', '设计很贴心', '分量很足'],
  ['物流很快', '发货速度快', '客服态度很好', '包装很用心', '第二天就到了', '快递小哥很负责', '售后很贴心', '赠品也很实用'],
  ['下次还会再来', '推荐大家购买', '已经推荐给朋友了', '非常满意', '五星好评', '会回购的', '家人都很喜欢', '值得购买'],
];
const BAD = [
  ['质量很差', '做工粗糙', '线头很多', '颜色和图片差别很大', '尺码偏小很多', '味道很奇怪', '有一股异味', '用了两天就坏了', '和描述的不一样', '材质很廉价', '收到的像是旧货', '漏发了一件'],
  ['物流太慢了', '客服爱答不理', '包装破损了', '等了一个星期才到', '退换货很麻烦', '问了客服也没人回', '快递态度很差', '售后推来推去'],
  ['不会再买了', '非常失望', '不推荐购买', '差评', '后悔买了', '浪费钱', '已经申请退货', '大家慎重'],
];
const SO_SO = [
  ['东西还行', '质量一般', '中规中矩', '和价格差不多'],
  ['物流一般', '包装简单', '没有什么惊喜', '凑合用吧'],
  ['一分价钱一分货', '看个人需要吧', '不好不坏', '再观察一下'],
];

// Reviews that say both: a 4-star one with a complaint, a 2-star one with a word of praise. A
// shop has them, and they are what its own ratings teach the sentiment model beyond the corpus.
const GOOD_BUT = [GOOD[0], BAD[1].map((p) => `就是${p}`), ['总体还算满意']];
const BAD_THOUGH = [GOOD[1], BAD[0].map((p) => `可惜${p}`), BAD[2]];

/** Shares of good, bad and middling reviews (a shop's reviews are mostly good), and of mixed ones among the good and the bad. */
export const REVIEW_MIX = { good: 0.82, bad: 0.13, soSo: 0.05, mixedGood: 0.25, mixedBad: 0.35 };

/** Every text `parts` compose (one phrase of each part, in order), in a seeded order. */
function texts(parts: string[][], rand: () => number): string[] {
  let out = [''];
  for (const part of parts) out = out.flatMap((head) => part.map((p) => (head ? `${head}，${p}` : p)));
  return shuffle(out.map((t) => `${t}。`), rand);
}

/** `n` reviews in {@link REVIEW_MIX}, each text distinct (seeded). */
export function builtInReviews(n: number, seed = 5): SeedReview[] {
  const rand = rng(seed);
  const nBad = Math.round(n * REVIEW_MIX.bad);
  const nSoSo = Math.round(n * REVIEW_MIX.soSo);
  const nGood = n - nBad - nSoSo;
  const nGoodBut = Math.round(nGood * REVIEW_MIX.mixedGood);
  const nBadThough = Math.round(nBad * REVIEW_MIX.mixedBad);
  const good = [
    ...texts(GOOD, rand).slice(0, nGood - nGoodBut).map((text) => ({ text, positive: true, rating: rand() < 0.7 ? 5 : 4 })),
    ...texts(GOOD_BUT, rand).slice(0, nGoodBut).map((text) => ({ text, positive: true, rating: 4 })),
  ];
  const bad = [
    ...texts(BAD, rand).slice(0, nBad - nBadThough).map((text) => ({ text, positive: false, rating: rand() < 0.45 ? 1 : 2 })),
    ...texts(BAD_THOUGH, rand).slice(0, nBadThough).map((text) => ({ text, positive: false, rating: 2 })),
  ];
  const soSo = texts(SO_SO, rand).slice(0, nSoSo).map((text) => ({ text, positive: false, rating: 3 }));
  return shuffle([...good, ...bad, ...soSo], rand);
}
