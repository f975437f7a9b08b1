import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { AuthenticatedUser } from '../auth/authenticated-user';

/** The authenticated user of an HTTP request (set by the JWT guard) or of a socket (set by the handshake). */
export function currentUserOf(context: ExecutionContext): AuthenticatedUser {
  const user =
    context.getType() === 'ws'
      ? context.switchToWs().getClient<{ data?: { user?: AuthenticatedUser } }>().data?.user
      : context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
  if (!user) throw new UnauthorizedException();
  return user;
}

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  currentUserOf(context),
);
