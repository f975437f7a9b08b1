export * from './lib/api-feature-audit-log.module';
