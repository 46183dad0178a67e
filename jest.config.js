/** @type {import('jest').Config} */
// One jest run for the whole repo. Unit tests sit beside the code they test (*.test.ts[x]);
// integration/e2e/fault suites live under test/. ts-jest transpiles only (isolatedModules):
// type errors are caught once by `npm run typecheck`, which `npm test` runs first.
// The default deadline of a test or hook. CI runs jest on 2 cores at load 4–20, where a test may
// get a tenth of a core: a few seconds on a quiet machine can be 30 s there. A deadline only
// catches hangs, so it is wide (it was 30 s); slower suites set their own.
const TEST_TIMEOUT_MS = 120_000;

const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/miniprogram/src', '<rootDir>/cloudfunctions', '<rootDir>/scripts', '<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/miniprogram/src/$1' },
  testTimeout: TEST_TIMEOUT_MS,
};

// Every suite runs against local clouds that insert a batch in order up to the first error
// (MongoDB's default, QX_BATCH_INSERT=ordered). The suites whose guarantees depend on how a refused
// batch insert leaves the database — ingest, replay exactness, crash safety — run a second time
// with all-or-nothing inserts (QX_BATCH_INSERT=atomic), so the product holds under both.
const BOTH_INSERT_MODES = [
  '**/test/integration/track-partial.test.ts',
  '**/test/integration/rebuild-replay.test.ts',
  '**/test/integration/replay-seed.test.ts',
  '**/test/fault/track-concurrency.test.ts',
  '**/test/fault/segment-kill.test.ts',
  '**/test/fault/store-kill.test.ts',
];

module.exports = {
  testTimeout: TEST_TIMEOUT_MS,
  maxWorkers: 2,
  projects: [
    { ...base, displayName: 'ordered', testMatch: ['**/*.test.ts', '**/*.test.tsx'] },
    {
      ...base,
      displayName: 'atomic-insert',
      testMatch: BOTH_INSERT_MODES,
      setupFiles: ['<rootDir>/test/helpers/batch-insert-atomic.ts'],
    },
  ],
};
