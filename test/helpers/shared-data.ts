/**
 * Locates `../shared/data` (real public data beside the checkout). A user's fresh clone has no
 * such folder: suites that need it call {@link describeWithSharedData}, which skips them and says why.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Absolute path of the shared data folder (override with QX_SHARED_DATA), or null when absent. */
export function sharedDataDir(): string | null {
  const dir = process.env.QX_SHARED_DATA ?? path.resolve(__dirname, '../../../shared/data');
  return fs.existsSync(path.join(dir, 'README.md')) ? dir : null;
}

/** `describe` when the shared data exists, otherwise a skipped suite with a clear reason. */
export function describeWithSharedData(name: string, fn: (dir: string) => void): void {
  const dir = sharedDataDir();
  if (dir) describe(name, () => fn(dir));
  else {
    // eslint-disable-next-line no-console
    console.warn(`[skip] "${name}": ../shared/data not found (it exists in CI and on developer machines)`);
    describe.skip(`${name} (skipped: ../shared/data not found)`, () => it('needs shared data', () => undefined));
  }
}
