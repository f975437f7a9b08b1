import { Injectable, Logger } from '@nestjs/common';
import { SOCKET_UNAUTHORIZED } from '@chat/shared/contracts';
import { AccessTokenService } from '@chat/api/feature-auth';
import { UsersService } from '@chat/api/feature-users';
import type { ChatSocket } from './chat-socket';

type Next = (error?: Error) => void;

/**
 * Socket.IO middleware: a socket is accepted only with a valid access token in `auth.token`; otherwise the client
 * gets `connect_error` with the message `unauthorized` and no event is ever served to it.
 */
@Injectable()
export class SocketAuthenticator {
  private readonly logger = new Logger(SocketAuthenticator.name);

  constructor(
    private readonly tokens: AccessTokenService,
    private readonly users: UsersService,
  ) {}

  readonly middleware = (socket: ChatSocket, next: Next): void => {
    this.authenticate(socket).then(
      (ok) => next(ok ? undefined : new Error(SOCKET_UNAUTHORIZED)),
      (error: unknown) => {
        this.logger.error(error);
        next(new Error(SOCKET_UNAUTHORIZED));
      },
    );
  };

  private async authenticate(socket: ChatSocket): Promise<boolean> {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
    let user;
    try {
      user = await this.tokens.verify(token);
    } catch {
      return false;
    }
    const profile = await this.users.find(user.id);
    if (!profile) return false;
    socket.data.user = user;
    socket.data.profile = profile;
    return true;
  }
}
