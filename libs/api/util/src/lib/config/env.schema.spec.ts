import { RATE_LIMIT_DEFAULTS, TOKEN_LIFETIMES } from '@chat/shared/contracts';
import { KNOWN_DEFAULT_SECRETS, validateEnv } from './env.schema';

const SECRET = 'x'.repeat(32);

describe('validateEnv', () => {
  it('fills every default', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATA_DIR: './data',
      JWT_ACCESS_TTL: TOKEN_LIFETIMES.accessTokenSeconds,
      JWT_REFRESH_TTL: TOKEN_LIFETIMES.refreshTokenSeconds,
      BCRYPT_COST: 12,
      CORS_ORIGIN: [],
      RATE_LIMIT_MESSAGES_PER_SEC: RATE_LIMIT_DEFAULTS.messagesPerSecond,
      RATE_LIMIT_LOGIN_PER_MIN: RATE_LIMIT_DEFAULTS.failedLoginsPerMinute,
      RATE_LIMIT_REGISTER_PER_MIN: RATE_LIMIT_DEFAULTS.registrationsPerMinute,
      AUDIT_LOG: false,
      LOG_LEVEL: 'info',
    });
    expect(env.MONGODB_URI).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.JWT_SECRET).toBeUndefined();
  });

  it('converts numbers, booleans and origin lists', () => {
    const env = validateEnv({
      PORT: '8080',
      BCRYPT_COST: '4',
      AUDIT_LOG: 'true',
      CORS_ORIGIN: 'https://chat.example.com, http://localhost:4200',
      RATE_LIMIT_LOGIN_PER_MIN: '0',
      REDIS_URL: 'redis://127.0.0.1:6379/0',
    });
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379/0');
    expect(env.PORT).toBe(8080);
    expect(env.BCRYPT_COST).toBe(4);
    expect(env.AUDIT_LOG).toBe(true);
    expect(env.CORS_ORIGIN).toEqual(['https://chat.example.com', 'http://localhost:4200']);
    expect(env.RATE_LIMIT_LOGIN_PER_MIN).toBe(0);
  });

  it('drops variables it does not know', () => {
    expect(validateEnv({ HOME: '/root' })).not.toHaveProperty('HOME');
  });

  it.each([
    ['a non-numeric port', { PORT: 'eighty' }, 'PORT'],
    ['a negative limit', { RATE_LIMIT_MESSAGES_PER_SEC: '-1' }, 'RATE_LIMIT_MESSAGES_PER_SEC'],
    ['a bcrypt cost too high', { BCRYPT_COST: '20' }, 'BCRYPT_COST'],
    ['an origin with a path', { CORS_ORIGIN: 'https://a.example/app' }, 'CORS_ORIGIN'],
    ['a URI of another database', { MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    ['a Redis URL of another scheme', { REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ['a short secret', { JWT_SECRET: 'short' }, '32 bytes'],
  ])('refuses %s', (_case, raw, mention) => {
    expect(() => validateEnv(raw)).toThrow(mention);
  });

  it('lists every problem at once', () => {
    expect(() => validateEnv({ PORT: 'x', BCRYPT_COST: 'y' })).toThrow(/PORT.*BCRYPT_COST/);
  });

  describe('in production', () => {
    it('refuses to start without a JWT secret', () => {
      expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow('JWT_SECRET');
    });

    it('refuses a secret shorter than 32 bytes', () => {
      expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) })).toThrow('32 bytes');
    });

    it('counts bytes, not characters', () => {
      expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'é'.repeat(16) })).not.toThrow();
    });

    it.each(KNOWN_DEFAULT_SECRETS.filter((s) => s.length >= 32))(
      'refuses the published example %s',
      (secret) => {
        expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: secret })).toThrow('example');
      },
    );

    it('accepts a long secret', () => {
      expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: SECRET }).JWT_SECRET).toBe(SECRET);
    });
  });
});
