/**
 * Locates `../shared/data` (real public data beside the checkout). A user's fresh clone has no
 * such folder: suites that need it call {@link describeWithSharedData}, which skips them and says why
 * (and fails them under CI, where the data must be there).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Absolute path of the shared data folder (override with QX_SHARED_DATA), or null when absent. */
export function sharedDataDir(): string | null {
  const dir = process.env.QX_SHARED_DATA ?? path.resolve(__dirname, '../../../shared/data');
  return fs.existsSync(path.join(dir, 'README.md')) ? dir : null;
}

/**
 * `describe` when the shared data exists. Without it the suite is skipped with the reason on a
 * developer machine, but FAILS under CI (`CI=true`), like the browser suites: a CI run that
 * silently skipped every data-backed test would look green while testing nothing on real data.
 */
export function describeWithSharedData(name: string, fn: (dir: string) => void): void {
  const dir = sharedDataDir();
  if (dir) return describe(name, () => fn(dir));
  const why = `../shared/data not found (set QX_SHARED_DATA to its path)`;
  if (process.env.CI) {
    describe(name, () =>
      it('needs ../shared/data in CI', () => {
        throw new Error(why);
      }),
    );
    return;
  }
  console.warn(`[skip] "${name}": ${why}`);
  describe.skip(`${name} (skipped: ${why})`, () => it('needs shared data', () => undefined));
}
