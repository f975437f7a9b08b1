export * from './lib/api-data-access.module';
