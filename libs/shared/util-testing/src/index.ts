export * from './lib/util-testing';
