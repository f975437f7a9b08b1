export * from './lib/api-feature-messages.module';
