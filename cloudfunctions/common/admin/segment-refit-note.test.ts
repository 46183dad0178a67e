import { segmentRefitNote } from './segment-refit-note';

const run = (over: Record<string, unknown>) => ({ status: 'succeeded', finishedAt: 5, updatedAt: 6, result: {}, ...over }) as never;

describe('segmentRefitNote (概览)', () => {
  it("carries a refused refit's own Chinese summary and when it ended", () => {
    const summary = '新分群版本 v2 未上线。新分群没有比现在的更清晰……继续使用版本 v1，现有分群照常可用';
    expect(segmentRefitNote(run({ result: { outcome: 'rejected', summary } }))).toEqual({ status: 'rejected', at: 5, summary });
  });

  it('says a failed run did not finish, in Chinese, without the raw error', () => {
    const n = segmentRefitNote(run({ status: 'failed', finishedAt: undefined, error: { message: 'TypeError: x', phase: 'fit', at: 6 } }));
    expect(n).toMatchObject({ status: 'failed', at: 6 });
    expect(n!.summary).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('says nothing of a promoted, cold-start or running run, or none', () => {
    expect(segmentRefitNote(run({ result: { outcome: 'promoted', summary: '已上线' } }))).toBeNull();
    expect(segmentRefitNote(run({ result: { outcome: 'cold_start', summary: '本店客户 3 位' } }))).toBeNull();
    expect(segmentRefitNote(run({ status: 'running', result: undefined }))).toBeNull();
    expect(segmentRefitNote(null)).toBeNull();
  });
});
