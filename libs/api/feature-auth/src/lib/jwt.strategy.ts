import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthenticatedUser, jwtConfig, JwtConfig } from '@chat/api/util';
import { AccessTokenService } from './access-token.service';

/** Name under which the strategy is registered with passport. */
export const JWT_STRATEGY = 'jwt';

/**
 * Bearer tokens on HTTP routes: passport-jwt checks the signature (HS256 only), issuer, audience and expiry with
 * the same options the socket handshake uses; `AccessTokenService.authenticate` checks the user and token version.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    @Inject(jwtConfig.KEY) config: JwtConfig,
    private readonly tokens: AccessTokenService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.secret,
      ...tokens.verifyOptions,
      ignoreExpiration: false,
    });
  }

  validate(claims: unknown): Promise<AuthenticatedUser> {
    return this.tokens.authenticate(claims);
  }
}
