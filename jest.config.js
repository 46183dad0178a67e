/** @type {import('jest').Config} */
// One jest run for the whole repo. Unit tests sit beside the code they test (*.test.ts[x]);
// integration/e2e/fault suites live under test/. ts-jest transpiles only (isolatedModules):
// type errors are caught once by `npm run typecheck`, which `npm test` runs first.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/miniprogram/src', '<rootDir>/cloudfunctions', '<rootDir>/scripts', '<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/miniprogram/src/$1' },
  testTimeout: 30000,
  maxWorkers: 2,
};
