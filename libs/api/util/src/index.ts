export * from './lib/api-util.module';
