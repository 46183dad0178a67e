import { QxError } from '../common/contracts/errors';
import type { PrivacyDeps } from './deps';
import { handlePrivacy } from './handler';

describe('handlePrivacy refuses an unknown action with UNKNOWN_ACTION', () => {
  // Found by test/boundary/privacy.test.ts: String() of this object throws, which answered INTERNAL.
  it.each([[{ toString: -1 }], [{ toString: () => { throw new Error('x'); } }], [42], [null], ['nope']])('action %p', async (action) => {
    const err = await handlePrivacy({ action }, {} as PrivacyDeps).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QxError);
    expect(err).toMatchObject({ code: 'UNKNOWN_ACTION' });
    expect((err as Error).message).toBe('未知操作');
  });
});
