export * from './lib/api-feature-users.module';
