import { Logger } from '@nestjs/common';
import { ConfigType, registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import { RATE_LIMIT_DEFAULTS } from '@chat/shared/contracts';
import { readEnv } from './env.schema';
import { resolveJwtSecret } from './jwt-secret';

/** Process-wide settings: port, paths, proxies, CORS, logging. */
export const appConfig = registerAs('app', () => {
  const env = readEnv();
  return {
    nodeEnv: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    port: env.PORT,
    dataDir: resolve(env.DATA_DIR),
    webDir: resolve(env.WEB_DIR),
    corsOrigins: env.CORS_ORIGIN,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL,
    auditLog: env.AUDIT_LOG,
  };
});

/** Where the database is: an external MongoDB, or the embedded engine under DATA_DIR/db. */
export const dbConfig = registerAs('db', () => {
  const env = readEnv();
  return {
    uri: env.MONGODB_URI,
    embeddedDir: resolve(env.DATA_DIR, 'db'),
  };
});

/** Redis, shared by every instance of a scaled-out deployment; unset: one instance, everything in memory. */
export const redisConfig = registerAs('redis', () => ({
  url: readEnv().REDIS_URL,
}));

/** Token signing and lifetimes (seconds). */
export const jwtConfig = registerAs('jwt', () => {
  const env = readEnv();
  const resolved = resolveJwtSecret(env);
  if (resolved.source === 'generated') {
    new Logger('Config').warn(`JWT_SECRET is not set: generated one and kept it in ${resolved.path}`);
  }
  return {
    secret: resolved.secret,
    secretSource: resolved.source,
    accessTtlSeconds: env.JWT_ACCESS_TTL,
    refreshTtlSeconds: env.JWT_REFRESH_TTL,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
  };
});

export const authConfig = registerAs('auth', () => ({
  bcryptCost: readEnv().BCRYPT_COST,
}));

/** Each limit is a count per window; 0 turns that limit off. */
export const rateLimitConfig = registerAs('rateLimit', () => {
  const env = readEnv();
  return {
    messagesPerSecond: env.RATE_LIMIT_MESSAGES_PER_SEC,
    messageBurstFactor: RATE_LIMIT_DEFAULTS.messageBurstFactor,
    failedLoginsPerMinute: env.RATE_LIMIT_LOGIN_PER_MIN,
    registrationsPerMinute: env.RATE_LIMIT_REGISTER_PER_MIN,
  };
});

export type AppConfig = ConfigType<typeof appConfig>;
export type DbConfig = ConfigType<typeof dbConfig>;
export type RedisConfig = ConfigType<typeof redisConfig>;
export type JwtConfig = ConfigType<typeof jwtConfig>;
export type AuthConfig = ConfigType<typeof authConfig>;
export type RateLimitConfig = ConfigType<typeof rateLimitConfig>;

/** Every namespace, for `ConfigModule.forRoot({ load })`. */
export const CONFIG_NAMESPACES = [appConfig, dbConfig, redisConfig, jwtConfig, authConfig, rateLimitConfig];

/** Express's `trust proxy` setting from its text form: `false`, `true`, a hop count, or addresses/subnets. */
export function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
