import { EXPORT_PARTS, parseExportCursor } from './export-pages';

describe('export cursors', () => {
  const events = EXPORT_PARTS.length - 1;
  it('name the part and the last id answered in it', () => {
    expect(parseExportCursor(undefined)).toEqual({ part: 0 });
    expect(parseExportCursor('outbox@c0001:u1')).toEqual({ part: 2, after: 'c0001:u1' });
    expect(parseExportCursor('orders@')).toEqual({ part: 1, after: undefined });
  });

  it('a bare id is an events cursor of the earlier format (a page open in a client across the update)', () => {
    expect(parseExportCursor('u1:e42')).toEqual({ part: events, after: 'u1:e42' });
    expect(parseExportCursor('nopart@x')).toEqual({ part: events, after: 'nopart@x' });
  });
});
