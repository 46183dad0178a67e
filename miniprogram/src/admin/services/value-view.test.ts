import type { YoungShop } from '../../../../cloudfunctions/common/contracts/value-replies';
import { addToAgg, emptyAgg, finishSnapshot, HIGH_VALUE_SHARE } from '../../../../cloudfunctions/common/value-serving/snapshot';
import {
  AT_RISK_LINE_NAMES,
  atRiskLines,
  atRiskMarks,
  atRiskTargetingText,
  backtestWindowText,
  blendText,
  HIGH_VALUE_SHARE_WORDS,
  highValueNote,
  sameSeasonText,
  monthDay,
  noVisitorPredictionText,
  scoredNoOne,
  segmentLabel,
  segmentYuan,
  spendBinLabels,
  summaryStats,
  visitorCheckText,
  youngShopLines,
  yuan,
  yuanExact,
} from './value-view';

// What staff read next: when it starts by itself, and how to reach visitors meanwhile.
const MEANWHILE =
  '。访客来店满 45 天后才能当作训练样本；价值模型每天自动重新训练，样本够了就开始预测，无需操作。在此之前可在「自定义分群」用「近一年消费」为 0 加「近30天浏览」「近30天加购」条件圈选他们';

const young = (o: Partial<YoungShop>): YoungShop => ({
  historyDays: 120,
  trackingDays: 40,
  trainingHorizonDays: 45,
  cutoffs: 6,
  rows: 480,
  positives: 90,
  buyers: 'bgnbd',
  dropped: ['behaviour'],
  need: { rows: 1000, positives: 200, trackingDays: 148, visitorTrackingDays: 46, visitorRows: 30 },
  ...o,
});

describe('value view helpers', () => {
  it('labels spend bins by their lower edge in yuan, the last open-ended', () => {
    expect(spendBinLabels([0, 1000, 2000, 100_000, 500_000, 1_000_000])).toEqual([
      '0',
      '10',
      '20',
      '1千',
      '5千',
      '1万+',
    ]);
  });
  it('formats fen as yuan', () => {
    expect(yuan(123456)).toBe('¥1,235');
    expect(yuan(50)).toBe('¥0.5');
    expect(yuan(0)).toBe('¥0');
  });
  it('names segments and days', () => {
    expect(segmentLabel({ segment: 'none', name: null, customers: 1, spend90dFen: 1, purchases90d: 1 })).toBe(
      '未分群',
    );
    expect(segmentLabel({ segment: '2', name: null, customers: 1, spend90dFen: 1, purchases90d: 1 })).toBe(
      '分群 2',
    );
    expect(segmentLabel({ segment: '2', name: '忠实', customers: 1, spend90dFen: 1, purchases90d: 1 })).toBe(
      '忠实',
    );
    expect(monthDay('2026-12-04')).toBe('12-04');
  });

  it('says which back-test window judged the version and what it predicts with', () => {
    const g = {
      from: '2021-09-09',
      to: '2021-12-09',
      seasonal: true,
      likeTheFit: true,
      weight: 0.5,
      scale: 1.556,
      space: 'log' as const,
    };
    expect(backtestWindowText(undefined)).toBe('最近 90 天'); // versions before the guard
    expect(backtestWindowText(g)).toBe('2021-09-09 之后至 2021-12-09，去年同季');
    expect(backtestWindowText({ ...g, seasonal: false })).toBe('2021-09-09 之后至 2021-12-09');
    expect(blendText(g)).toBe(
      '预测方式：经典复购模型（BG/NBD）加学习模型的修正，修正按 ½ 的力度计入（按回测选定），再按去年同季的总量乘以 1.56',
    );
    expect(blendText({ ...g, space: 'linear', weight: 0.25, scale: 1 })).toBe(
      '预测方式：学习模型占 ¼、经典复购模型（BG/NBD）占其余的加权平均（按回测选定）',
    );
    expect(blendText({ ...g, weight: 1, scale: 1 })).toBe(
      '预测方式：学习模型（回测中单用它不比与经典复购模型混合差）',
    );
    expect(blendText({ ...g, weight: 0 })).toBe(
      '预测方式：经典复购模型（BG/NBD），再按去年同季的总量乘以 1.56（回测中学习模型未胜过它）',
    );
    // The back-test's fit kept no trees though the shop was old enough: BG/NBD ships, and says why.
    expect(blendText({ ...g, weight: 0, scale: 1, untested: true, stopped: true })).toBe(
      '预测方式：经典复购模型（BG/NBD）（回测时学习模型只学到一个总体水平、没有学到客户间的差异，这样的水平多是随机波动，学习模型不上线）',
    );
    expect(blendText({ ...g, weight: 0, scale: 1.02, untested: true })).toBe(
      '预测方式：经典复购模型（BG/NBD），再按去年同季的总量乘以 1.02（回测时的数据还不够训练学习模型，未经回测的学习模型不上线）',
    );
    // What the same-season total decided: a level beyond the back-test's noise, or one within it.
    expect(
      blendText({
        ...g,
        weight: 1,
        scale: 1.062,
        sameSeason: { ratio: 1.062, band: 0.041, verdict: 'applied' },
      }),
    ).toBe(
      '预测方式：学习模型，再按去年同季的总量乘以 1.06（回测中单用它不比与经典复购模型混合差）；去年同季回测：实际购买总量为预测的 1.06 倍，超出该回测的随机波动（±4%），已按此校准总量',
    );
    expect(
      blendText({ ...g, weight: 1, scale: 1, sameSeason: { ratio: 1.334, band: 0.542, verdict: 'noise' } }),
    ).toBe(
      '预测方式：学习模型（回测中单用它不比与经典复购模型混合差）；去年同季回测：实际购买总量为预测的 1.33 倍，在该回测的随机波动之内（±54%），不据此校准总量',
    );
    expect(sameSeasonText({ ...g, sameSeason: { ratio: 1.062, band: 0.031, verdict: 'rmse' } })).toBe(
      '去年同季回测：实际购买总量为预测的 1.06 倍，超出随机波动（±3%），但按此校准会使回测误差变大，未校准总量',
    );
    expect(sameSeasonText(g)).toBe(''); // versions before the rule
    expect(blendText({ ...g, likeTheFit: false, weight: 1, scale: 1 })).toBe(
      '预测方式：学习模型；历史不足，回测与上线模型的训练方式不同，未据此与经典复购模型（BG/NBD）混合',
    );
    // Last season's trees on top of the blend: one more clause, nothing when the version has none.
    expect(blendText({ ...g, season: { weight: 0.5, scale: 0.97, trees: 120 } })).toBe(
      '预测方式：经典复购模型（BG/NBD）加学习模型的修正，修正按 ½ 的力度计入（按回测选定），再按去年同季的总量乘以 1.56；另用去年同季数据训练的第二个学习模型，与上面的预测按 ½ 的权重综合（总量与上面一致）',
    );
    expect(blendText({ ...g, weight: 1, scale: 1, season: { weight: 0.3, scale: 1, trees: 5 } })).toBe(
      '预测方式：学习模型（回测中单用它不比与经典复购模型混合差）；另用去年同季数据训练的第二个学习模型，与上面的预测按 0.3 的权重综合（总量与上面一致）',
    );
    // A short history's level from the two classic models, Pareto/NBD and BG/NBD (hybrid-level.ts).
    expect(blendText({ ...g, likeTheFit: false, weight: 1, scale: 1 }, { factor: 1.0847 })).toBe(
      '预测方式：学习模型，总量按两种经典复购模型（BG/NBD、Pareto/NBD）综合校准，乘以 1.08；历史不足，回测与上线模型的训练方式不同，未据此与经典复购模型混合',
    );
  });

  it('says why a young shop is predicted with less, and what it needs', () => {
    expect(youngShopLines(undefined)).toEqual([]);
    expect(youngShopLines(young({}))).toEqual([
      '历史数据不足：购买历史 120 天，可训练样本 480 条（其中有复购 90 条），需至少 1000 条且有复购 200 条；先用经典复购模型（BG/NBD）预测买家，数据够了自动改用学习模型',
    ]);
    expect(youngShopLines(young({ buyers: 'trees', rows: 4000, positives: 900 }))).toEqual([
      '行为数据只有 40 天，不足 148 天：先只用购买记录预测买家，暂不用浏览、加购等行为',
    ]);
    expect(youngShopLines(young({ buyers: 'trees', dropped: [] }))).toEqual([]);
    expect(noVisitorPredictionText(young({ visitors: 'too_recent' }))).toBe(
      '尚未购买的访客：行为数据只有 40 天，不足 46 天，训练期内还没有访客样本，暂不预测首购' + MEANWHILE,
    );
    expect(noVisitorPredictionText(young({ visitors: 'few_rows', visitorRows: 4 }))).toBe(
      '尚未购买的访客：训练期内的访客样本只有 4 条（需至少 30 条：训练截止日前来过、当时还没买过的客户），暂不预测首购' + MEANWHILE,
    );
    expect(noVisitorPredictionText(young({}))).toMatch(/暂无首购预测/);
    expect(noVisitorPredictionText(undefined)).toMatch(/暂无首购预测/);
  });
});

describe('the classic model in staff words', () => {
  // Every way the 预测方式 and 历史数据不足 lines can read (one of them shows at a time).
  const g = { from: '2021-09-09', to: '2021-12-09', seasonal: false, likeTheFit: true, weight: 0.5, scale: 1, space: 'log' as const };
  const lines = [
    ...[0, 0.25, 0.5, 1].flatMap((weight) =>
      (['log', 'linear'] as const).map((space) => blendText({ ...g, weight, space, scale: 1.2 })),
    ),
    blendText({ ...g, weight: 0, untested: true }),
    blendText({ ...g, weight: 0, scale: 1.1, untested: true, stopped: true }),
    blendText({ ...g, likeTheFit: false }),
    blendText({ ...g, likeTheFit: false }, { factor: 1.08 }),
    blendText({ ...g, weight: 1, season: { weight: 0.5, scale: 1, trees: 9 }, sameSeason: { ratio: 1.1, band: 0.05, verdict: 'applied' } }),
    ...youngShopLines(young({})),
  ];

  it('calls BG/NBD 经典复购模型 and names the model at most once, as a gloss in brackets', () => {
    for (const line of lines) {
      expect(line).not.toContain('基线');
      const glosses = line.match(/（[^（）]*[A-Za-z][^（）]*）/g) ?? [];
      expect(glosses.length).toBeLessThanOrEqual(1);
      // Outside that one gloss, no English at all, and the gloss always follows the Chinese name.
      expect(line.replace(/经典复购模型（(BG\/NBD|BG\/NBD、Pareto\/NBD)）/, '经典复购模型')).not.toMatch(/[A-Za-z]/);
    }
    expect(lines.every((l) => l.includes('经典复购模型'))).toBe(true);
  });

  it('says how the blend mixes without exponents, geometric means or trees', () => {
    // 「乘以学习模型修正的 ½ 次方」 and 「第二组树（几何平均，权重 ½）」 were a statistician's words.
    for (const line of lines) expect(line).not.toMatch(/次方|几何平均|树/);
  });
});

describe('summaryStats', () => {
  it('gives every count of the summary its unit (人), the spend its ¥', () => {
    const stats = summaryStats({ expected90dFen: 1_120_600, buyers: 1117, risk: { high: 731, medium: 275, low: 111 }, atRiskHighValue: 88, highValue: { count: 260, thresholdFen: 6900 } });
    expect(stats).toEqual([
      { label: '预测 90 天总消费', value: '¥11,206' },
      { label: '有预测的买家', value: '1117 人' },
      { label: '流失风险高', value: '731 人', hint: '中 275 人 · 低 111 人' },
      { label: '历史消费高且流失风险高', value: '88 人', hint: '历史消费高共 260 人' },
    ]);
  });

  it('says the at-risk count is of PAST spend on every label, never a bare 高价值 (predicted or past?)', () => {
    const stats = summaryStats({ expected90dFen: 0, buyers: 10, risk: { high: 1, medium: 0, low: 9 }, atRiskHighValue: 1, highValue: { count: 2, thresholdFen: 500 } });
    const words = [...stats.flatMap((x) => [x.label, x.hint ?? '']), ...Object.values(AT_RISK_LINE_NAMES)];
    for (const w of words) expect(w).not.toContain('高价值');
    expect(AT_RISK_LINE_NAMES).toEqual({ atRisk: '历史消费高且流失风险高', highValue: '历史消费高的买家' });
  });
});

describe('atRiskTargetingText', () => {
  it("names the rule that takes the count's buyers: 近一年消费 at the threshold, to the fen, and 流失风险 高", () => {
    expect(atRiskTargetingText({ buyers: 1117, highValue: { count: 260, thresholdFen: 6939 } })).toBe(
      '要给他们发消息：在「自定义分群」添加条件「近一年消费」下限 69.39 元、「流失风险」选 高（只含同意授权且未关闭个性化推送的客户）',
    );
  });
  it('says nothing when the threshold took every buyer or there are none', () => {
    expect(atRiskTargetingText({ buyers: 5, highValue: { count: 5, thresholdFen: 0 } })).toBeNull();
    expect(atRiskTargetingText({ buyers: 0, highValue: { count: 0, thresholdFen: 0 } })).toBeNull();
  });
});

describe("the revenue chart's segment names", () => {
  const seg = (segment: string, name: string | null) => ({ segment, name, customers: 1, spend90dFen: 100, purchases90d: 1 });
  // 高价值 on 价值 means nothing but the 历史消费高 buyers' card: a snapshot stored while the segment
  // was 高价值忠诚客户 (before session 21) reads by today's name, so no bar says 高价值 (the note that
  // told the two apart had nothing left to say and went).
  it("say a snapshot's stored name of a renamed segment by today's name", () => {
    expect(segmentLabel(seg('6', '高价值忠诚客户'))).toBe('忠诚高消费客户');
    expect(segmentLabel(seg('none', null))).toBe('未分群');
  });
});

describe('atRiskMarks', () => {
  const day = (d: string, version: string | null) => ({ day: d, version, atRiskHighValue: 1, highValue: 2, buyers: 10, visitors: null, visitorPurchases90d: null });
  it('marks the days the scoring version changed: a refit, a rollback to 不预测, a rollback to an older version', () => {
    const trend = [
      day('2026-12-01', 'v1'),
      day('2026-12-02', 'v1'),
      day('2026-12-03', 'v2'),
      day('2026-12-04', null),
      day('2026-12-05', 'v1'),
    ];
    expect(atRiskMarks(trend)).toEqual([
      { index: 2, text: '模型更新为 v2', legend: '12-03 模型更新为 v2' },
      { index: 3, text: '停用模型（不预测）', legend: '12-04 停用模型（不预测）' },
      { index: 4, text: '模型回退为 v1', legend: '12-05 模型回退为 v1' },
    ]);
  });
  it('marks nothing while one version scored every day, nor the first day', () => {
    expect(atRiskMarks([day('2026-12-01', 'v2'), day('2026-12-02', 'v2')])).toEqual([]);
    expect(atRiskMarks([day('2026-12-01', null), day('2026-12-02', 'v1')])).toEqual([
      { index: 1, text: '模型更新为 v1', legend: '12-02 模型更新为 v1' },
    ]);
  });
});

describe('visitorCheckText', () => {
  it("says the visitors' back-test AUC as 区分度 with chance's 0.5, not 「AUC」", () => {
    const text = visitorCheckText({ serve: 'trees', why: 'better', heldOut: 400, buyers: 31, auc: 0.712 });
    expect(text).toBe('首购预测依据浏览、加购等行为（回测：400 位访客中 31 位首购，区分度 0.71（随机猜为 0.5），优于店铺平均首购率）');
    expect(text).not.toContain('AUC');
  });
});

describe('highValueNote', () => {
  const buyer = { purchases90d: 1, pActive: 0.5, spend90dFen: 100, churnRisk: 'low' as const, churnReason: '', at: 0, version: 'v' };
  /** The snapshot a pass would write for buyers with these past-365-day spends (fen). */
  const snapOf = (pastFen: number[]) => {
    const agg = emptyAgg();
    for (const past365Fen of pastFen) addToAgg(agg, buyer, { segment: null, segmentName: null, past365Fen });
    return finishSnapshot(agg, { day: '2026-12-07', at: 0, version: 'v' });
  };

  it("says the share the threshold got, not 「约前 20%」: the demo's 260 of 1117 is 23 %", () => {
    expect(highValueNote({ buyers: 1117, highValue: { count: 260, thresholdFen: 6939 } })).toBe(
      '历史消费高：近 365 天消费不少于 ¥69.39 的买家，共 260 人，是有预测的 1117 位买家中的 23%（门槛按消费分档选定，使其至少占两成）',
    );
  });

  it('is true of what a pass counts when one band holds many buyers past the top fifth', () => {
    // 10 buyers: one spent ¥500, six ¥100–¥104 (one band of past spend), three ¥10. The top fifth
    // is 2 buyers, but the second is in the ¥100 band, which the threshold takes whole: 7 of 10.
    const past = [50000, 10000, 10100, 10200, 10300, 10400, 10400, 1000, 1000, 1000];
    const snap = snapOf(past);
    expect(snap.highValue.count).toBe(7);
    const note = highValueNote(snap);
    expect(note).toContain('共 7 人，是有预测的 10 位买家中的 70%');
    // The threshold it names is met by every counted buyer and by no one left out.
    const threshold = Math.round(Number(/不少于 ¥([\d,.]+) /.exec(note)![1].replace(/,/g, '')) * 100);
    expect(past.filter((f) => f >= threshold).length).toBe(7);
  });

  it('names the share the snapshot aims at in the words it uses', () => {
    expect(HIGH_VALUE_SHARE).toBe(0.2);
    expect(HIGH_VALUE_SHARE_WORDS).toBe('两成');
  });

  it('says when nearly no one spent in the year, and when there are no buyers', () => {
    // 5 buyers, none spent ¥1 in the last 365 days: the walk ends in the lowest band and counts all.
    const snap = snapOf([0, 0, 0, 0, 50]);
    expect(snap.highValue).toEqual({ thresholdFen: 0, count: 5 });
    expect(highValueNote(snap)).toBe('历史消费高：近 365 天消费满 ¥1 的买家不到两成，全部 5 位有预测的买家都计入');
    expect(highValueNote(snapOf([]))).toBe('历史消费高：暂无有预测的买家');
  });
});

describe('yuanExact', () => {
  it('keeps the fen a 「不少于」 threshold needs, and whole yuan whole', () => {
    expect(yuanExact(6939)).toBe('¥69.39');
    expect(yuanExact(7000)).toBe('¥70');
    expect(yuanExact(123456)).toBe('¥1,234.56');
    expect(yuanExact(6930)).toBe('¥69.30');
  });
});

describe('segmentYuan', () => {
  const seg = (spend90dFen: number) => ({ spend90dFen });
  it("adds up to the total the summary shows: the demo shop's five segments", () => {
    // The demo's snapshot (1,120,579 fen): each rounded alone they gave ¥11,205 under ¥11,206.
    const bySegment = [358210, 350580, 291342, 84736, 35711].map(seg);
    const total = bySegment.reduce((t, s) => t + s.spend90dFen, 0);
    const bars = segmentYuan(bySegment);
    expect(`¥${bars.reduce((t, y) => t + y, 0).toLocaleString('en-US')}`).toBe(yuan(total));
    expect(bars).toEqual([3582, 3506, 2914, 847, 357]);
  });

  it('keeps every bar within a yuan of its amount and adds up on any split', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let k = 0; k < 200; k++) {
      const bySegment = Array.from({ length: 1 + (k % 9) }, () => seg(Math.floor(rnd() * 500_000)));
      const bars = segmentYuan(bySegment);
      const total = bySegment.reduce((t, s) => t + s.spend90dFen, 0);
      expect(bars.reduce((t, y) => t + y, 0)).toBe(Math.round(total / 100));
      bars.forEach((y, i) => expect(Math.abs(y - bySegment[i].spend90dFen / 100)).toBeLessThan(1));
    }
    expect(segmentYuan([])).toEqual([]);
  });
});

describe('atRiskLines', () => {
  const day = (d: string, version: string | null, atRiskHighValue: number, highValue: number) => ({
    day: d, version, atRiskHighValue, highValue, buyers: version ? 100 : 0, visitors: null, visitorPurchases90d: null,
  });
  it('leaves a gap on a day whose pass predicted nothing, not a 0 that reads as 「no one at risk」', () => {
    // 12-05: rolled back to 不预测, the pass cleared every prediction and counted no one.
    const trend = [day('2026-12-04', 'v1', 8, 40), day('2026-12-05', null, 0, 0), day('2026-12-06', 'v2', 9, 41)];
    expect(atRiskLines(trend)).toEqual({ atRisk: [8, null, 9], highValue: [40, null, 41] });
    expect(trend.map(scoredNoOne)).toEqual([false, true, false]);
  });
  it('keeps a real 0: a day that judged buyers and found none at risk', () => {
    expect(atRiskLines([day('2026-12-04', 'v1', 0, 40)]).atRisk).toEqual([0]);
  });
});
