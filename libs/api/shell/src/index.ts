export * from './lib/app.module';
export * from './lib/bootstrap';
