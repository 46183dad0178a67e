import type { SegmentsData, SegmentStat } from './admin-api';
import { mapLegendName, noMeansText, portraitIndex, segmentExplanation, segmentName, shareTrend } from './segment-view';

const stat = (id: string, size: number, means: Record<string, number | null>): SegmentStat => ({
  id,
  size,
  means,
  sentimentBins: [0, 0, 0, 0, 0],
  topCategories: [],
});
const data: SegmentsData = {
  segments: [stat('1', 10, { monetary_90d: 200 })],
  population: stat('all', 40, { monetary_90d: 100, recency_days: 0 }),
  catalog: { 1: { name: '高价值', explanation: '', centroid: null } },
  typical: null,
  cached: false,
  computedAt: 0,
  trend: [
    { at: Date.parse('2026-11-21T02:00:00Z'), distribution: { 1: 1, 2: 3 }, psi: null },
    { at: Date.parse('2026-11-22T02:00:00Z'), distribution: { 1: 2, 2: 2 }, psi: 0.1 },
  ],
};

describe('segment view', () => {
  it('indexes feature means against the population (100 = typical)', () => {
    const idx = portraitIndex(data.segments[0], data.population);
    expect(idx.find((x) => x.label === '90天消费')?.index).toBe(200);
    expect(idx.find((x) => x.label === '距上次购买')?.index).toBeNull();
  });
  it('turns run distributions into share lines', () => {
    const t = shareTrend(data);
    expect(t.xLabels).toEqual(['11-21', '11-22']);
    expect(t.series).toEqual([
      { name: '高价值', values: [0.25, 0.5] },
      { name: '分群 2', values: [0.75, 0.5] },
    ]);
    expect(segmentName(data, 'none')).toBe('未分群');
  });
  it('marks the runs where the segmentation model changed, from the version each run recorded', () => {
    const at = (h: number) => Date.parse('2026-11-21T00:00:00Z') + h * 3_600_000;
    const runs = [
      { at: at(0), distribution: { 1: 1 }, psi: null },
      { at: at(6), distribution: { 1: 1 }, psi: null, modelVersion: 'seg-a' },
      { at: at(12), distribution: { 1: 1 }, psi: null, modelVersion: 'seg-a' },
      { at: at(18), distribution: { 1: 1 }, psi: null, modelVersion: 'seg-b' },
      { at: at(24), distribution: { 1: 1 }, psi: null, modelVersion: null },
      { at: at(30), distribution: { 1: 1 }, psi: null, modelVersion: 'seg-a' },
    ];
    // An older run without a version is no change; a return to an earlier version is a rollback.
    expect(shareTrend({ ...data, trend: runs }).marks).toEqual([
      { index: 3, text: '模型更新为 seg-b', legend: '11-22 02:00 模型更新为 seg-b' },
      { index: 5, text: '模型回退为 seg-a', legend: '11-22 14:00 模型回退为 seg-a' },
    ]);
    expect(shareTrend(data).marks).toEqual([]);
  });
  it("names a segment its model does not by the name stored on its members, as the map's legend does", () => {
    const withStored = { ...data, segments: [...data.segments, { ...stat('3', 4, {}), name: '新客' }] };
    expect(segmentName(withStored, '3')).toBe('新客');
    expect(segmentName({ ...withStored, catalog: { 3: { name: '高价值', explanation: '', centroid: null } } }, '3')).toBe('高价值');
    expect(segmentName(withStored, '1')).toBe('高价值');
  });
  it('says who the unsegmented customers are instead of 「该分群暂无说明」', () => {
    expect(segmentExplanation(data, 'none')).toMatch(/^还没有分群的客户：.*每 10 分钟运行一次/);
    expect(noMeansText('none')).toContain('未分群的客户还没有');
    expect(segmentExplanation({ ...data, catalog: { 1: { name: '高价值', explanation: '买得多', centroid: null } } }, '1')).toBe('买得多');
    expect(segmentExplanation(data, '7')).toBe('该分群暂无说明');
  });
});

describe('mapLegendName', () => {
  it('counts the points in 人, and says of how many when the map is a sample', () => {
    expect(mapLegendName({ name: '沉睡/流失风险', size: 230, sampled: 230 }, true)).toBe('沉睡/流失风险（230 人）');
    // 分群规模 says 230人 for the segment: the legend says its 120 points are a sample of those.
    expect(mapLegendName({ name: '沉睡/流失风险', size: 230, sampled: 120 }, false)).toBe('沉睡/流失风险（抽样 120 / 230 人）');
  });
});
