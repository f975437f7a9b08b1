export * from './lib/app.module';
export * from './lib/bootstrap';
export * from './lib/configure-app';
export * from './lib/maintenance/repair-conversations';
export * from './lib/maintenance/run-command';
