import { judge } from '../model-store/guard';
import { MIN_HELD_OUT, MIN_SILHOUETTE_GAIN, STABILITY_FLOOR } from './config';
import { segmentRefitSummary, type SegmentRefitOutcome } from './summary';

const rule = { higherIsBetter: true, minGain: MIN_SILHOUETTE_GAIN, minHeldOut: MIN_HELD_OUT };
const base = { metric: 'heldout_silhouette', incumbentVersion: 'v1', floors: [{ name: 'stability_ari', value: 0.93, min: STABILITY_FLOOR }] };
const outcome = (e: Partial<Parameters<typeof judge>[0]>, serving = 'v1'): SegmentRefitOutcome => {
  const evaluation = judge({ ...base, candidate: 0.4, incumbent: 0.3, heldOut: 259, ...e }, rule);
  return { version: 'v2', k: 7, customers: 1251, promoted: evaluation.passed && serving === 'v2', serving, evaluation };
};
// Staff read these on the 模型 card: no guard code, metric name or English sentence may leak.
const noRawGuard = (s: string) => expect(s).not.toMatch(/[a-zA-Z_]{4,}|held-out|beat|floor/);

describe('segmentRefitSummary', () => {
  it('a promoted version: count of segments and customers, both silhouettes', () => {
    expect(segmentRefitSummary(outcome({}, 'v2'))).toBe('新分群版本 v2 已上线（7 个分群，1251 位客户；留出客户轮廓系数 0.400，原版本 0.300）');
  });

  it('refused by the stability floor: says why in words and what to do', () => {
    const s = segmentRefitSummary(outcome({ floors: [{ name: 'stability_ari', value: 0.62, min: STABILITY_FLOOR }] }));
    expect(s).toContain('新分群版本 v2 未上线');
    expect(s).toContain('新分群不够稳定');
    expect(s).toContain('只有 62% 一致（要求至少 80%）');
    expect(s).toContain('继续使用版本 v1，现有分群照常可用');
    expect(s).toContain('再点「重新训练」');
    noRawGuard(s.replace(/v\d/g, ''));
  });

  it('no clearer than the serving version by the required margin: both figures, no action needed', () => {
    const s = segmentRefitSummary(outcome({ candidate: 0.3693, incumbent: 0.3693 }));
    expect(s).toContain('新分群没有比现在的更清晰');
    expect(s).toContain('新版本的分群清晰度（轮廓系数，越高越好）为 0.369，当前为 0.369，需至少高出 0.01');
    expect(s).toContain('不需要处理');
    noRawGuard(s.replace(/v\d/g, ''));
  });

  it('too few held-back customers, a stale comparison, and the shipped model by its Chinese name', () => {
    expect(segmentRefitSummary(outcome({ heldOut: 40, incumbentVersion: 'shipped' }, 'shipped'))).toMatch(/用于检验的客户只有 40 位（至少需要 100 位.*继续使用默认分群模型/);
    const stale = segmentRefitSummary(outcome({ incumbentVersion: 'shipped' }, 'v1'));
    expect(stale).toContain('训练期间上线了版本 v1，本次比较的对象是默认分群模型，结果已过时');
  });
});
