import {
  metricText,
  MIN_CLASS_TO_COMPARE,
  scheduleText,
  sentimentRefitFigures,
  servingLine,
  STATUS_TEXT,
  valueRefitFigures,
  versionStatusText,
} from './model-view';

describe('versionStatusText', () => {
  it('says a stalled upload will be cleared, and a live one is uploading', () => {
    expect(versionStatusText({ status: 'uploading', stalledUpload: true })).toBe('上传未完成（将自动清理）');
    expect(versionStatusText({ status: 'uploading', stalledUpload: false })).toBe('上传中');
    // an answer from an admin function before the flag: as before
    expect(versionStatusText({ status: 'uploading' })).toBe('上传中');
  });

  it('names every other status as before, and an unknown one as it is', () => {
    for (const [status, text] of Object.entries(STATUS_TEXT))
      if (status !== 'uploading') expect(versionStatusText({ status, stalledUpload: true })).toBe(text);
    expect(versionStatusText({ status: 'paused' })).toBe('paused');
  });
});

describe('valueRefitFigures', () => {
  const judged = (incumbentVersion: string) => ({
    metric: 'rmse',
    candidate: 1.3184,
    incumbent: 1.2941,
    heldOut: 80,
    incumbentVersion,
    passed: false,
    reason: 'no better',
  });

  it('gives both back-test figures of the version a value refit made, and on how many buyers', () => {
    const versions = [
      { version: 'v3', evaluation: judged('v1') },
      { version: 'v2', evaluation: judged('shipped') },
    ];
    expect(valueRefitFigures({ version: 'v3' }, versions)).toBe(
      '回测 80 位买家（均方根误差，越低越好）：新版本 v3 1.318，当前版本 v1 1.294',
    );
    expect(valueRefitFigures({ version: 'v2' }, versions)).toBe(
      '回测 80 位买家（均方根误差，越低越好）：新版本 v2 1.318，不预测 1.294',
    );
  });

  it('says nothing without a judged version (too few buyers, an unlisted or unjudged one, another metric)', () => {
    expect(valueRefitFigures(null, [])).toBeNull();
    expect(valueRefitFigures({}, [{ version: 'v1', evaluation: judged('shipped') }])).toBeNull();
    expect(valueRefitFigures({ version: 'v9' }, [{ version: 'v1', evaluation: judged('shipped') }])).toBeNull();
    expect(valueRefitFigures({ version: 'v1' }, [{ version: 'v1', evaluation: null }])).toBeNull();
    expect(
      valueRefitFigures({ version: 'v1' }, [{ version: 'v1', evaluation: { ...judged('shipped'), metric: 'accuracy' } }]),
    ).toBeNull();
  });
});

describe('sentimentRefitFigures', () => {
  const g = (base: number, adapted: number, negatives?: number, positives?: number) => ({
    rated: 1490,
    guard: { base, adapted, heldOut: 301, ...(negatives === undefined ? {} : { negatives, positives }) },
  });

  it('compares the two versions when both classes are held back in numbers and the scores differ', () => {
    expect(sentimentRefitFigures(g(0.912, 0.9345, 41, 260))).toBe('已评分评价 1490 条，留出 301 条评估（平衡准确率）：本店版 93.5%，原版本 91.2%');
  });

  it("never shows 100.0% against 100.0%: both read every review right, so the test cannot tell them apart", () => {
    const s = sentimentRefitFigures(g(1, 1, 41, 260))!;
    expect(s).toBe('已评分评价 1490 条，留出 301 条评估：本店版和原版本都全部判对，分不出高下');
    expect(s).not.toMatch(/100\.0%/);
    // a run recorded before the class counts: the same words
    expect(sentimentRefitFigures(g(1, 1))).toBe(s);
    expect(sentimentRefitFigures(g(0.9, 0.90004, 41, 260))).toBe('已评分评价 1490 条，留出 301 条评估：本店版和原版本成绩相同（平衡准确率都是 90.0%），分不出高下');
  });

  it('says 样本太少 instead of figures when a class has too few held-back reviews', () => {
    const few = MIN_CLASS_TO_COMPARE - 1;
    expect(sentimentRefitFigures(g(1, 0.9, few, 280))).toBe(`已评分评价 1490 条，留出 301 条评估，其中差评只有 ${few} 条：样本太少，两个版本的准确率不作比较`);
    expect(sentimentRefitFigures(g(1, 0.9, 280, 5))).toContain('其中好评只有 5 条：样本太少');
    expect(sentimentRefitFigures(g(0.9, 1, MIN_CLASS_TO_COMPARE, 280))).toContain('本店版 100.0%，原版本 90.0%');
  });

  it('says nothing without a held-back comparison', () => {
    expect(sentimentRefitFigures({ rated: 12 })).toBeNull();
    expect(sentimentRefitFigures(null)).toBeNull();
  });
});

describe('servingLine', () => {
  it("names the shipped model's own version, as 概览 does, and the shop's version", () => {
    expect(servingLine({ model: 'sentiment', serving: { source: 'shipped', version: 'shipped', shippedVersion: '1.2.0' } })).toBe('随函数发布的默认模型 · 1.2.0');
    expect(servingLine({ model: 'segmentation', serving: { source: 'shop', version: 'seg-9' } })).toBe('本店数据训练 · seg-9');
    expect(servingLine({ model: 'value', serving: { source: 'shipped', version: 'shipped', shippedVersion: null } })).toBe('尚无（本店数据训练并通过回测后上线）');
    // An answer from an admin function before the field: as before.
    expect(servingLine({ model: 'sentiment', serving: { source: 'shipped', version: 'shipped' } })).toBe('随函数发布的默认模型');
  });
});

describe('scheduleText', () => {
  it('sets the time apart from 检查 (it read 「12-07 06:25检查」), in Beijing time', () => {
    const at = Date.UTC(2026, 11, 6, 22, 25); // 06:25 on 7 Dec in Beijing
    expect(scheduleText({ reason: '距上次训练不足 1 天', at })).toBe('自动训练：距上次训练不足 1 天（12-07 06:25 检查）');
  });
});

describe('metricText', () => {
  it('shows accuracies as the refit line does (50.6%, not 0.506) and the rest to three decimals', () => {
    expect(metricText('balanced_accuracy', 1)).toBe('100.0%');
    expect(metricText('balanced_accuracy', 0.506)).toBe('50.6%');
    expect(metricText('accuracy', 0.9123)).toBe('91.2%');
    // RMSE as 价值 and the value refit's line give it: 1.345 (it read 1.35 at or above 1).
    expect(metricText('rmse', 1.3449)).toBe('1.345');
    expect(metricText('rmse', 0.6661)).toBe('0.666');
    expect(metricText('heldout_silhouette', 0.2346)).toBe('0.235');
  });
});
