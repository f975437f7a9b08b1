import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UsersRepository } from '@chat/api/data-access';
import { AuthenticatedUser, jwtConfig, JwtConfig } from '@chat/api/util';

interface AccessClaims {
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

  /** The user a token authenticates; `UnauthorizedException` for anything missing, forged, expired or revoked. */
  async verify(token: unknown): Promise<AuthenticatedUser> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096)
      throw new UnauthorizedException();
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: ['HS256'],
        issuer: this.config.issuer,
        audience: this.config.audience,
      });
    } catch {
      throw new UnauthorizedException();
    }
    if (typeof claims.sub !== 'string' || !OBJECT_ID.test(claims.sub) || typeof claims.ver !== 'number') {
      throw new UnauthorizedException();
    }
    const current = await this.users.tokenVersion(claims.sub);
    if (current === null || current !== claims.ver) throw new UnauthorizedException();
    return { id: claims.sub, tokenExpiresAt: claims.exp * 1000 };
  }
}
