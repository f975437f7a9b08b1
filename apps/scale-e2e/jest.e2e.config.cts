/**
 * The two-instance suite (`npm run test:scale`). Named so that the Nx Jest plugin does not infer a `test` target
 * from it: it needs the built server, redis-server and several processes, so it is not part of `npm test`.
 */
module.exports = {
  displayName: 'scale-e2e',
  rootDir: __dirname,
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  // Generous: two cores shared with other work; waits inside tests await events, they never sleep.
  testTimeout: 120_000,
  maxWorkers: 1,
};
