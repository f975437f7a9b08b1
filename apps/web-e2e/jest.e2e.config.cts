/**
 * The browser suite (`npm run test:browser`). Named so that the Nx Jest plugin does not infer a `test` target from
 * it: it needs built apps and a browser, so it is not part of `npm test`.
 */
module.exports = {
  displayName: 'web-e2e',
  rootDir: __dirname,
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  // Generous: two cores shared with other work; waits inside tests poll, they never sleep.
  testTimeout: 180_000,
  maxWorkers: 1,
};
