import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthenticatedUser, IS_PUBLIC_KEY } from '@chat/api/util';
import { JWT_STRATEGY } from './jwt.strategy';

/**
 * The global guard of every HTTP route: a valid access token is required unless the route is `@Public()`.
 * Socket events are authenticated at the handshake instead (see the chat gateway).
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard(JWT_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  /** One 401 for every failure (no token, bad token, revoked token, unknown user); never leaks why. */
  override handleRequest<TUser = AuthenticatedUser>(error: unknown, user: TUser | false): TUser {
    if (error || !user) throw new UnauthorizedException();
    return user;
  }
}
