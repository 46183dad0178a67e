import { explainTiming } from '../../../../cloudfunctions/common/campaign/timing';
import { cardMessage, pausedMessage } from './card-message';

describe('a campaign card message beside its timing line', () => {
  const now = Date.UTC(2026, 11, 7, 17);
  const weekly = {
    status: 'paused' as const,
    pausedReason: null,
    pausedBy: 'staff_demo',
    schedule: { kind: 'cron' as const, cron: '30 9 * * 1,3' },
    nextRunAt: null,
    lastRunAt: null,
  };
  const pausedLine = explainTiming(weekly as never, now).text;

  it('does not repeat what the timing line says (the demo walk: the same sentence twice after 继续发送)', () => {
    const line = '将于 12-09 09:30 发送（定时：每周一、三 09:30）';
    expect(cardMessage(line, line)).toBe('');
    expect(cardMessage(`已保存。${line}`, line)).toBe('已保存');
  });

  it('keeps a message that says something else', () => {
    expect(cardMessage('已保存。已发送 35 条，对照组 3 人', '已完成：最后一次发送于 12-08 00:50')).toBe('已保存。已发送 35 条，对照组 3 人');
    expect(cardMessage('', 'x')).toBe('');
  });

  it('after 暂停 adds only what the paused line does not say', () => {
    expect(pausedLine).toContain('点「继续发送」后');
    const msg = pausedMessage(50);
    expect(msg).toBe('已暂停；若此刻正在发送，当前一批最多 50 人仍会发出');
    expect(msg).not.toContain('继续发送');
  });
});
