export * from './lib/api-error';
export * from './lib/call-state';
export * from './lib/config';
export * from './lib/dates';
export * from './lib/linkify';
