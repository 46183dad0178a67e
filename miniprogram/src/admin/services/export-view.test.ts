import { exportLine } from './export-view';

// 2026-12-06 10:00 Beijing time.
const AT = Date.UTC(2026, 11, 6, 2);
const base = { id: 'e1', at: AT, linkUntil: AT + 600_000 };

describe('exportLine', () => {
  it('says a voided file was deleted because a customer deleted their data, when, that its old link may still serve it until it expires, and to export again', () => {
    const line = exportLine({ ...base, state: 'voided', voidedAt: AT + 120_000 });
    expect(line.warn).toBe(true);
    expect(line.text).toBe(
      '12-06 10:00 导出的文件：已作废。12-06 10:02 有客户依法删除了个人数据，导出文件可能含其信息，已随之删除。原下载链接请勿再使用：在 12-06 10:10 到期前打开，可能仍会下载到这份已作废的文件，也可能报 NoSuchKey 错误。请点「导出 CSV」重新导出。',
    );
  });

  it('says an expired link is expired and how long links last; a live one until when', () => {
    expect(exportLine({ ...base, state: 'expired' })).toEqual({ warn: false, text: '12-06 10:00 导出的文件：下载链接已过期（生成后 10 分钟内有效），如需文件请重新导出。' });
    expect(exportLine({ ...base, state: 'ready' })).toEqual({ warn: false, text: '12-06 10:00 导出的文件：可下载，链接约 12-06 10:10 前有效。' });
  });
});
