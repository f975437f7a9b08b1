export * from './lib/audit-log.module';
export * from './lib/audit-log.options';
export * from './lib/audit-log.service';
