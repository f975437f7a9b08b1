import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import passport from 'passport';
import { AuthenticatedUser, IS_PUBLIC_KEY } from '@chat/api/util';
import { JwtStrategy } from './jwt.strategy';

/**
 * The global guard of every HTTP route: a valid access token is required unless the route is `@Public()`.
 * Socket events are authenticated at the handshake instead (see the chat gateway).
 *
 * It hands passport this application's own `JwtStrategy` instance rather than the name `jwt`: passport keeps
 * named strategies in one process-wide registry, so with two applications in one process (tests, an embedding
 * host) a name would resolve to whichever registered last, with that application's secret and database.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthenticatedUser }>();
    const res = http.getResponse<Response>();
    return new Promise<boolean>((resolve, reject) => {
      // A per-request object over the shared strategy, as passport does for named strategies: passport attaches
      // this request's success/fail callbacks to it, so concurrent requests never answer each other.
      const authenticate = passport.authenticate(
        Object.create(this.strategy) as JwtStrategy,
        { session: false },
        (error: unknown, user: AuthenticatedUser | false) => {
          // One 401 for every failure (no token, bad token, revoked token, unknown user); never says why. Any other
          // error (the database is unreachable) is not the client's fault: the exception filter answers it (503).
          if (error && !(error instanceof UnauthorizedException)) return reject(error);
          if (error || !user) return reject(new UnauthorizedException());
          req.user = user;
          resolve(true);
        },
      );
      authenticate(req, res, (error: unknown) => reject(error ?? new UnauthorizedException()));
    });
  }
}
