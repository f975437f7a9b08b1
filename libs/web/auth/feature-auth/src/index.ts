export * from './lib/login.component';
