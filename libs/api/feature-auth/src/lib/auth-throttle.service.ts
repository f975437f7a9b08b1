import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  RateLimiter,
  RateLimiterFactory,
  rateLimitConfig,
  RateLimitConfig,
  TooManyRequestsException,
} from '@chat/api/util';

/** A reservation for one login attempt; settle it with the outcome. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * Limits of the auth routes: failed logins per username (from any IP) and per IP, registrations per IP.
 * An attempt is counted before the password is checked (so parallel guesses cannot slip through) and given back when
 * it succeeds, so only failures count and another user's successful login is never affected.
 */
@Injectable()
export class AuthThrottleService implements OnModuleInit {
  private readonly logger = new Logger(AuthThrottleService.name);
  private readonly loginsByUsername: RateLimiter;
  private readonly loginsByIp: RateLimiter;
  private readonly registrationsByIp: RateLimiter;

  constructor(
    factory: RateLimiterFactory,
    @Inject(rateLimitConfig.KEY) private readonly config: RateLimitConfig,
  ) {
    const perMinute = (name: string, points: number) => factory.create({ name, points, durationSeconds: 60 });
    this.loginsByUsername = perMinute('login-username', config.failedLoginsPerMinute);
    this.loginsByIp = perMinute('login-ip', config.failedLoginsPerMinute);
    this.registrationsByIp = perMinute('register-ip', config.registrationsPerMinute);
  }

  onModuleInit(): void {
    if (this.config.failedLoginsPerMinute === 0)
      this.logger.warn('RATE_LIMIT_LOGIN_PER_MIN=0: failed logins are not limited');
    if (this.config.registrationsPerMinute === 0) {
      this.logger.warn('RATE_LIMIT_REGISTER_PER_MIN=0: registrations are not limited');
    }
  }

  /** Reserves a login attempt, or throws 429 when the username or the IP is over its limit. */
  async beginLogin(username: string, ip: string): Promise<LoginAttempt> {
    const [byName, byIp] = await Promise.all([
      this.loginsByUsername.consume(username),
      this.loginsByIp.consume(ip),
    ]);
    if (!byName.allowed || !byIp.allowed) {
      throw new TooManyRequestsException(
        Math.max(byName.retryAfterMs, byIp.retryAfterMs),
        'too many failed logins, try again later',
      );
    }
    return {
      succeeded: async () => {
        await Promise.all([this.loginsByUsername.reset(username), this.loginsByIp.refund(ip)]);
      },
    };
  }

  /** Counts a registration from this IP, or throws 429. */
  async register(ip: string): Promise<void> {
    const decision = await this.registrationsByIp.consume(ip);
    if (!decision.allowed) {
      throw new TooManyRequestsException(decision.retryAfterMs, 'too many registrations, try again later');
    }
  }
}
