import { outboxEmptyText, outboxTitle } from './outbox-view';

describe('outboxTitle', () => {
  it('counts the sent rows in 条 too (it read 「10 条，已发送 9」)', () => {
    expect(outboxTitle('绿茶降价提醒', 10, 9)).toBe('发送记录 · 绿茶降价提醒（10 条，已发送 9 条）');
    expect(outboxTitle(null, 0, 0)).toBe('发送记录（0 条，已发送 0 条）');
  });

  it('says it shows the newest 200 of more, with the counts of all of them', () => {
    expect(outboxTitle('绿茶降价提醒', 200, 150, { total: 5000, sent: 4100 })).toBe('发送记录 · 绿茶降价提醒（共 5000 条，已发送 4100 条；显示最近 200 条）');
    expect(outboxTitle(null, 10, 9, { total: 10, sent: 9 })).toBe('发送记录（10 条，已发送 9 条）');
    // Without the server's count (an older admin function), 200 rows may be a cut list: said so.
    expect(outboxTitle(null, 200, 150)).toBe('发送记录（显示最近 200 条，其中已发送 150 条）');
  });
});

describe('outboxEmptyText', () => {
  it('says nothing was sent yet and what will appear, not only 暂无记录', () => {
    expect(outboxEmptyText(false)).toBe('还没有发送记录：活动发送开始后，每位目标客户一行（已发送、跳过或对照组）');
    expect(outboxEmptyText(true)).toMatch(/^这个活动还没有发送记录：/);
  });
});
