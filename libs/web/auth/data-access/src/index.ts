export * from './lib/auth-api.service';
export * from './lib/auth.guards';
export * from './lib/auth.interceptor';
export * from './lib/auth.store';
