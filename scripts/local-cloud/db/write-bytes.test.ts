import { TcbError } from '../server/envelope';
import { checkWriteBytes, writeLimitOf } from './write-bytes';

describe('the size of one database write request', () => {
  it("takes '5mb' by default, the option or QX_DB_WRITE_LIMIT otherwise, and refuses other values", () => {
    const before = process.env.QX_DB_WRITE_LIMIT;
    try {
      delete process.env.QX_DB_WRITE_LIMIT;
      expect(writeLimitOf()).toBe('5mb');
      expect(writeLimitOf({ writeLimit: '16mb' })).toBe('16mb');
      process.env.QX_DB_WRITE_LIMIT = '16mb';
      expect(writeLimitOf()).toBe('16mb');
      process.env.QX_DB_WRITE_LIMIT = '6mb';
      expect(() => writeLimitOf()).toThrow(/QX_DB_WRITE_LIMIT must be 5mb or 16mb/);
    } finally {
      if (before === undefined) delete process.env.QX_DB_WRITE_LIMIT;
      else process.env.QX_DB_WRITE_LIMIT = before;
    }
  });

  it('refuses a body over the limit with EXCEED_MAX_PAYLOAD_SIZE and lets one under it pass', () => {
    const body = (bytes: number) => ({ action: 'database.insertDocument', data: ['x'.repeat(bytes)] });
    expect(() => checkWriteBytes(body(5 * 1024 * 1024 - 100), '5mb')).not.toThrow();
    const err = (() => {
      try {
        checkWriteBytes(body(5 * 1024 * 1024), '5mb');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TcbError);
    expect(err).toMatchObject({ code: 'EXCEED_MAX_PAYLOAD_SIZE', message: expect.stringMatching(/exceeds the 5MB/) });
    expect(() => checkWriteBytes(body(5 * 1024 * 1024), '16mb')).not.toThrow();
  });
});
