/**
 * One mapping from a thrown error to a function's failure reply (reply-of-error.ts): every path.
 * A database timeout is UNAVAILABLE only where the call may be retried as it is.
 */
import { CollectionMissingError } from '../db/collection-missing';
import { DB_REQUEST_FAILED, DB_SERVER_TIMEOUT, DB_SYS_ERR, DbError, DuplicateKeyError, SDK_GENERIC_ERR } from '../db/duplicate-key';
import { AggregateCutError, AnswerTooLargeError, dbFailure, UnorderedSkipError } from '../db/sdk-call';
import { InsertOutcomeUnknownError } from '../db/write-id';
import { READ_TIMEOUTS } from '../db/testing/timed-out-reads';
import { QxError } from './errors';
import { replyOfError, UNAVAILABLE_MESSAGE, type FailureSite } from './reply-of-error';

const logged: unknown[] = [];
const site = (retrySafe: boolean): FailureSite => ({ fn: 'test', retrySafe, internal: '测试服务出错', log: (_m, e) => logged.push(e) });
const UNAVAILABLE = { ok: false, error: { code: 'UNAVAILABLE', message: UNAVAILABLE_MESSAGE, details: { retryable: true } } };
const INTERNAL = { ok: false, error: { code: 'INTERNAL', message: '测试服务出错' } };
beforeEach(() => (logged.length = 0));

describe('a database timeout (each code the SDK gives one)', () => {
  it.each([
    ['-501001 (request timeout, DATABASE_TIMEOUT, ECONNRESET)', DB_SYS_ERR],
    ['-501002 (SERVER_TIMEOUT)', DB_SERVER_TIMEOUT],
    ['-1 (a gateway 504 page)', SDK_GENERIC_ERR],
  ])('%s: UNAVAILABLE in a retry-safe call, INTERNAL in another; logged either way', (_n, code) => {
    const err = new DbError('timed out', code);
    expect(replyOfError(err, site(true))).toEqual(UNAVAILABLE);
    expect(replyOfError(err, site(false))).toEqual(INTERNAL);
    expect(logged).toEqual([err, err]);
  });

  it.each(Object.entries(READ_TIMEOUTS))('the raw SDK failure %s (what the facade wraps, or a call outside it)', (_n, answer) => {
    expect(replyOfError(answer, site(true))).toEqual(UNAVAILABLE);
    expect(replyOfError(dbFailure('profiles', answer), site(true))).toEqual(UNAVAILABLE);
  });

  it('an insert whose outcome is unknown: UNAVAILABLE only where the call is idempotent', () => {
    const err = new InsertOutcomeUnknownError('orders', 'o1', 'w1', new DbError('timed out', DB_SERVER_TIMEOUT));
    expect(replyOfError(err, site(true))).toEqual(UNAVAILABLE);
    expect(replyOfError(err, site(false))).toEqual(INTERNAL);
  });
});

describe('everything else keeps its answer', () => {
  it('a QxError passes through with its code and details, OUTCOME_UNKNOWN included', () => {
    for (const s of [site(true), site(false)]) {
      expect(replyOfError(new QxError('OUTCOME_UNKNOWN', '订单提交结果暂未确认', { orderId: 'o1' }), s)).toEqual({
        ok: false,
        error: { code: 'OUTCOME_UNKNOWN', message: '订单提交结果暂未确认', details: { orderId: 'o1' } },
      });
      expect(replyOfError(new QxError('FORBIDDEN', '无权限'), s)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '无权限' } });
    }
    expect(logged).toEqual([]);
  });

  it('a missing collection names its fix (DB_NOT_INITIALIZED), not UNAVAILABLE', () => {
    expect(replyOfError(new CollectionMissingError('profiles', 'x'), site(true)).error.code).toBe('DB_NOT_INITIALIZED');
  });

  it.each([
    ['a refusal the service answered (-502001)', new DbError('refused', DB_REQUEST_FAILED)],
    ['an answer over 1 MB, even with -501001', new AnswerTooLargeError('too large', DB_SYS_ERR)],
    ['an aggregation cut at its limit', new AggregateCutError('events', 1000)],
    ['skip without orderBy', new UnorderedSkipError('events')],
    ['a DbError without a code', new DbError('no code')],
    ['a duplicate _id', new DuplicateKeyError('dup')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a plain object with an errCode but no errMsg', { errCode: DB_SYS_ERR }],
  ])('%s: INTERNAL with the function’s own words, the error logged, not echoed', (_n, err) => {
    expect(replyOfError(err, site(true))).toEqual(INTERNAL);
    expect(logged).toEqual([err]);
  });
});
