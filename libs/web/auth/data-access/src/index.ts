export * from './lib/web-auth-data-access/web-auth-data-access';
