import { retryLines, staffLogLines } from './staff-log-text';

const bj = (d: number, h: number, m: number): number => Date.UTC(2026, 11, d, h - 8, m);

describe('what staff did, as the 活动 page lists it', () => {
  it('a campaign’s 操作记录: newest first, Beijing time, who, what', () => {
    expect(
      staffLogLines([
        { action: 'pause', at: bj(7, 13, 20), who: '演示店员' },
        { action: 'resume', at: bj(7, 14, 5), who: '员工 oAb…xyz' },
      ]),
    ).toEqual(['12-07 14:05（北京时间） 员工 oAb…xyz 继续发送', '12-07 13:20（北京时间） 演示店员 暂停发送']);
    expect(staffLogLines(undefined)).toEqual([]);
  });

  it('the ban banner’s 立即重试 requests: newest first; an earlier function’s answer names no one', () => {
    expect(retryLines([{ by: 'o1', at: bj(7, 1, 2), who: '王店长' }, { by: 'o2', at: bj(7, 9, 30) }])).toEqual([
      '12-07 09:30（北京时间） 员工 点了「立即重试」',
      '12-07 01:02（北京时间） 王店长 点了「立即重试」',
    ]);
    expect(retryLines(undefined)).toEqual([]);
  });
});
