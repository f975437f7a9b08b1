export * from './lib/api-feature-chat.module';
