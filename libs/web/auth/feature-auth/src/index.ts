export * from './lib/web-auth-feature-auth/web-auth-feature-auth';
