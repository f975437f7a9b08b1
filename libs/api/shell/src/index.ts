export * from './lib/app.module';
export * from './lib/bootstrap';
export * from './lib/configure-app';
