export * from './lib/access-token.service';
export * from './lib/auth.module';
export * from './lib/jwt-auth.guard';
export * from './lib/jwt.strategy';
