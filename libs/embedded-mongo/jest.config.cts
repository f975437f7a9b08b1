module.exports = {
  displayName: 'embedded-mongo',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Integration tests talk to real servers over sockets; a loaded CI machine needs more than 5 s.
  testTimeout: 30_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/libs/embedded-mongo',
};
