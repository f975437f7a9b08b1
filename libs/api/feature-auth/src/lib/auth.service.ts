import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthResponse, Credentials, normalizeUsername } from '@chat/shared/contracts';
import { UsersRepository } from '@chat/api/data-access';
import { UsersService } from '@chat/api/feature-users';
import { DomainEventBus, SessionsRevokedEvent, UserRegisteredEvent } from '@chat/api/util';
import { AccessTokenService } from './access-token.service';
import { AuthThrottleService } from './auth-throttle.service';
import { PasswordService } from './password.service';
import { IssuedRefreshToken, RefreshTokenService } from './refresh-token.service';

/** A session start: the reply body and the refresh token for the cookie. */
export interface Session {
  body: AuthResponse;
  refresh: IssuedRefreshToken;
}

const INVALID_CREDENTIALS = 'wrong username or password';

/** Registration, login, refresh and logout. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly usersRepository: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly throttle: AuthThrottleService,
    private readonly events: DomainEventBus,
  ) {}

  async register(credentials: Credentials, ip: string): Promise<Session> {
    await this.throttle.register(ip);
    const hash = await this.passwords.hash(credentials.password);
    const user = await this.users.create(credentials.username, hash);
    this.events.publish('user.registered', new UserRegisteredEvent(user.id, user.username, new Date()));
    return this.startSession(user, 0);
  }

  /** One answer for an unknown user and a wrong password, after the same bcrypt work. */
  async login(credentials: Credentials, ip: string): Promise<Session> {
    const username = normalizeUsername(credentials.username);
    const attempt = await this.throttle.beginLogin(username, ip);
    const found = await this.usersRepository.findCredentials(username);
    const ok = await this.passwords.verify(credentials.password, found?.passwordHash ?? null);
    if (!found || !ok) throw new UnauthorizedException(INVALID_CREDENTIALS);
    await attempt.succeeded();
    const version = (await this.usersRepository.tokenVersion(found.user.id)) ?? 0;
    return this.startSession(found.user, version);
  }

  /** A new access token and the next refresh token of the family. */
  async refresh(refreshToken: unknown): Promise<{ accessToken: string; refresh: IssuedRefreshToken }> {
    const rotated = await this.refreshTokens.rotate(refreshToken);
    const version = await this.usersRepository.tokenVersion(rotated.userId);
    if (version === null) {
      await this.refreshTokens.revoke(rotated.token);
      throw new UnauthorizedException();
    }
    const accessToken = await this.accessTokens.issue(rotated.userId, version);
    return { accessToken, refresh: { token: rotated.token, expiresAt: rotated.expiresAt } };
  }

  logout(refreshToken: unknown): Promise<void> {
    return this.refreshTokens.revoke(refreshToken);
  }

  /** Voids every access and refresh token of the user and has their open sockets closed. */
  async logoutAll(userId: string): Promise<void> {
    await this.usersRepository.bumpTokenVersion(userId);
    await this.refreshTokens.revokeAll(userId);
    this.events.publish('auth.sessions_revoked', new SessionsRevokedEvent(userId, new Date()));
  }

  private async startSession(user: Session['body']['user'], tokenVersion: number): Promise<Session> {
    const [accessToken, refresh] = await Promise.all([
      this.accessTokens.issue(user.id, tokenVersion),
      this.refreshTokens.issue(user.id),
    ]);
    return { body: { user, accessToken }, refresh };
  }
}
