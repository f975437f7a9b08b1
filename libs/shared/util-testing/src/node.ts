// Node-only helpers for end-to-end suites (child processes, ports): `@chat/shared/util-testing/node`.
export * from './node/managed-process';
