import { collectExport, MAX_EXPORT_PAGES, type ExportPage } from './data-export';

const page = (events: number[], nextCursor: string | null, over: Partial<ExportPage> = {}): ExportPage => ({
  exportedAt: 1,
  profile: null,
  events,
  nextCursor,
  ...over,
});

describe('collectExport', () => {
  it('joins every page, not only the first 20, and summarises in Chinese', async () => {
    const pages = 25; // the old page stopped at 20 pages and dropped the rest silently
    const r = await collectExport(async (cursor) => {
      const i = cursor ? Number(cursor) : 0;
      return page([i], i + 1 < pages ? String(i + 1) : null, i === 0 ? { profile: { _id: 'u' }, readme: '不是同一时刻的快照', orders: [{}, {}], notices: [{ store: 'orders', what: '订单', onDelete: '依法保留' }] } : {});
    });
    const doc = JSON.parse(r.json);
    expect(doc.events).toEqual(Array.from({ length: pages }, (_, i) => i));
    expect(doc.nextCursor).toBeUndefined();
    expect(doc.readme).toBe('不是同一时刻的快照'); // the first page's readme stays in the file
    expect(r.summary).toBe(`已导出：${pages} 条行为记录、1 份画像、2 个订单`);
    expect(r.notices.map((n) => n.store)).toEqual(['orders']);
  });

  it('joins every list that continues over pages, not only the events', async () => {
    const pages = [page([], 'outbox@b', { outbox: ['a', 'b'] }), page([1, 2], null, { outbox: ['c'] })];
    const r = await collectExport(async (cursor) => pages[cursor ? 1 : 0]);
    expect(JSON.parse(r.json)).toMatchObject({ outbox: ['a', 'b', 'c'], events: [1, 2] });
    expect(r.summary).toBe('已导出：2 条行为记录、3 条消息发送记录');
  });

  it('a copy that does not end is reported incomplete, not cut short', async () => {
    await expect(collectExport(async (c) => page([1], String(Number(c ?? 0) + 1)))).rejects.toThrow(
      `导出未完成（已取得 ${MAX_EXPORT_PAGES} 条行为记录）`,
    );
  });
});
