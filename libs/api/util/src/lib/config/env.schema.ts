import Joi from 'joi';
import { RATE_LIMIT_DEFAULTS, TOKEN_LIFETIMES } from '@chat/shared/contracts';

/** Secrets that appear in documentation or samples; never accepted as a real secret. */
export const KNOWN_DEFAULT_SECRETS = [
  'change-me-to-a-random-secret-of-at-least-32-bytes',
  'changeme',
  'secret',
] as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The validated environment: every variable the server reads, with its default. */
export interface Env {
  NODE_ENV: 'development' | 'production' | 'test';
  PORT: number;
  MONGODB_URI?: string;
  REDIS_URL?: string;
  DATA_DIR: string;
  WEB_DIR: string;
  JWT_SECRET?: string;
  JWT_ACCESS_TTL: number;
  JWT_REFRESH_TTL: number;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  BCRYPT_COST: number;
  CORS_ORIGIN: string[];
  TRUST_PROXY: string;
  RATE_LIMIT_MESSAGES_PER_SEC: number;
  RATE_LIMIT_LOGIN_PER_MIN: number;
  RATE_LIMIT_REGISTER_PER_MIN: number;
  AUDIT_LOG: boolean;
  LOG_LEVEL: (typeof LOG_LEVELS)[number];
}

const origin = Joi.string()
  .uri({ scheme: ['http', 'https'] })
  .custom((value: string, helpers) => {
    const url = new URL(value);
    return url.origin === value.replace(/\/$/, '') ? url.origin : helpers.error('any.invalid');
  }, 'an origin such as https://chat.example.com');

const secret = Joi.string()
  .min(32, 'utf8')
  .invalid(...KNOWN_DEFAULT_SECRETS)
  .messages({
    'string.min': '"JWT_SECRET" must be at least 32 bytes (e.g. `openssl rand -base64 48`)',
    'any.invalid': '"JWT_SECRET" is a published example value; generate your own',
  });

/** Joi schema of the environment: the one place that knows names, types and defaults. */
export const envValidationSchema = Joi.object<Env>({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  PORT: Joi.number().port().default(3000),
  MONGODB_URI: Joi.string()
    .pattern(/^mongodb(\+srv)?:\/\/.+/)
    .messages({ 'string.pattern.base': '"MONGODB_URI" must be a mongodb:// or mongodb+srv:// URI' }),
  REDIS_URL: Joi.string()
    .pattern(/^rediss?:\/\/.+/)
    .messages({ 'string.pattern.base': '"REDIS_URL" must be a redis:// or rediss:// URL' }),
  DATA_DIR: Joi.string().default('./data'),
  WEB_DIR: Joi.string().default('dist/apps/web/browser'),
  JWT_SECRET: Joi.when('NODE_ENV', {
    is: 'production',
    then: secret.required().messages({
      'any.required': '"JWT_SECRET" is required when NODE_ENV=production (at least 32 random bytes)',
    }),
    otherwise: secret,
  }),
  JWT_ACCESS_TTL: Joi.number().integer().min(10).default(TOKEN_LIFETIMES.accessTokenSeconds),
  JWT_REFRESH_TTL: Joi.number().integer().min(60).default(TOKEN_LIFETIMES.refreshTokenSeconds),
  JWT_ISSUER: Joi.string().default('chat-api'),
  JWT_AUDIENCE: Joi.string().default('chat'),
  BCRYPT_COST: Joi.number().integer().min(4).max(15).default(12),
  CORS_ORIGIN: Joi.array().items(origin).single().default([]),
  TRUST_PROXY: Joi.string()
    .pattern(/^(true|false|\d+|[\w.:/, -]+)$/)
    .default('false'),
  RATE_LIMIT_MESSAGES_PER_SEC: Joi.number().integer().min(0).default(RATE_LIMIT_DEFAULTS.messagesPerSecond),
  RATE_LIMIT_LOGIN_PER_MIN: Joi.number().integer().min(0).default(RATE_LIMIT_DEFAULTS.failedLoginsPerMinute),
  RATE_LIMIT_REGISTER_PER_MIN: Joi.number()
    .integer()
    .min(0)
    .default(RATE_LIMIT_DEFAULTS.registrationsPerMinute),
  AUDIT_LOG: Joi.boolean().truthy('1', 'yes', 'on').falsy('0', 'no', 'off', '').default(false),
  LOG_LEVEL: Joi.string()
    .valid(...LOG_LEVELS)
    .default('info'),
});

/** Splits `CORS_ORIGIN=a,b` into a list before validation (Joi's `single()` only wraps one value). */
function splitLists(raw: Record<string, unknown>): Record<string, unknown> {
  const cors = raw['CORS_ORIGIN'];
  if (typeof cors !== 'string') return raw;
  const origins = cors
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return { ...raw, CORS_ORIGIN: origins };
}

/** Validates a raw environment; throws one error that lists every problem. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const { error, value } = envValidationSchema.validate(splitLists(raw), {
    abortEarly: false,
    allowUnknown: true,
    stripUnknown: true,
  });
  if (error) {
    throw new Error(`Invalid configuration: ${error.details.map((d) => d.message).join('; ')}`);
  }
  return value;
}

/** The validated environment of this process. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  return validateEnv(env);
}
