export * from './sockets';
export * from './test-app';
export * from './users';
export * from './tokens';
export * from './http';
export * from './processes';
