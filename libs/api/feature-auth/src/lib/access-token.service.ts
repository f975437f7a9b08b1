import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UsersRepository } from '@chat/api/data-access';
import { AuthenticatedUser, jwtConfig, JwtConfig } from '@chat/api/util';

export interface AccessClaims {
  sub: string;
  /** The user's token version when issued; logout-all bumps it. */
  ver: number;
  exp: number;
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * Access tokens: HS256 JWTs (no other algorithm accepted) with issuer, audience, `sub` = user id and the user's
 * token version. The one verifier for REST and sockets.
 */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    @Inject(jwtConfig.KEY) private readonly config: JwtConfig,
  ) {}

  async issue(userId: string, tokenVersion: number): Promise<string> {
    return this.jwt.signAsync(
      { ver: tokenVersion },
      {
        subject: userId,
        algorithm: 'HS256',
        issuer: this.config.issuer,
        audience: this.config.audience,
        expiresIn: this.config.accessTtlSeconds,
      },
    );
  }

  /** What a token must satisfy besides its signature: HS256 only, this issuer, this audience. */
  get verifyOptions() {
    return { algorithms: ['HS256' as const], issuer: this.config.issuer, audience: this.config.audience };
  }

  /**
   * The user a token authenticates; `UnauthorizedException` for anything missing, forged, expired or revoked.
   * Sockets call this at the handshake; HTTP requests reach `authenticate` through the passport `JwtStrategy`.
   */
  async verify(token: unknown): Promise<AuthenticatedUser> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096)
      throw new UnauthorizedException();
    let claims: unknown;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, this.verifyOptions);
    } catch {
      throw new UnauthorizedException();
    }
    return this.authenticate(claims);
  }

  /** Checks the claims of a token whose signature, algorithm, issuer, audience and expiry were verified. */
  async authenticate(verified: unknown): Promise<AuthenticatedUser> {
    const claims = verified as Partial<AccessClaims> | null;
    if (
      typeof claims !== 'object' ||
      claims === null ||
      typeof claims.sub !== 'string' ||
      !OBJECT_ID.test(claims.sub) ||
      typeof claims.ver !== 'number' ||
      typeof claims.exp !== 'number'
    ) {
      throw new UnauthorizedException();
    }
    const current = await this.users.tokenVersion(claims.sub);
    if (current === null || current !== claims.ver) throw new UnauthorizedException();
    return { id: claims.sub, tokenExpiresAt: claims.exp * 1000, tokenVersion: claims.ver };
  }

  /**
   * Whether the session a token authenticated is still current (the user exists and no `logout-all` came since).
   * Sockets ask again once they joined their user's room: a `logout-all` that ran during the handshake could not
   * reach them yet.
   */
  async isCurrent(user: AuthenticatedUser): Promise<boolean> {
    return (await this.users.tokenVersion(user.id)) === user.tokenVersion;
  }
}
