import { UnauthorizedException } from '@nestjs/common';
import { aUser } from '@chat/shared/util-testing';
import { AccessTokenService } from '@chat/api/feature-auth';
import { UsersService } from '@chat/api/feature-users';
import type { ChatSocket } from './chat-socket';
import { SocketAuthenticator } from './socket-authenticator';

describe('SocketAuthenticator', () => {
  const user = aUser();
  const verify = jest.fn();
  const find = jest.fn();
  const authenticator = new SocketAuthenticator(
    { verify } as unknown as AccessTokenService,
    { find } as unknown as UsersService,
  );

  function handshake(auth: unknown): Promise<{ error?: Error; socket: ChatSocket }> {
    const socket = { handshake: { auth }, data: {} } as unknown as ChatSocket;
    return new Promise((resolve) => authenticator.middleware(socket, (error) => resolve({ error, socket })));
  }

  beforeEach(() => {
    verify.mockReset();
    find.mockReset().mockResolvedValue(user);
  });

  it('accepts a valid token and records the user on the socket', async () => {
    verify.mockResolvedValue({ id: user.id, tokenExpiresAt: 123 });
    const { error, socket } = await handshake({ token: 'good' });
    expect(error).toBeUndefined();
    expect(verify).toHaveBeenCalledWith('good');
    expect(socket.data).toEqual({ user: { id: user.id, tokenExpiresAt: 123 }, profile: user });
  });

  it.each([
    ['no auth', undefined],
    ['no token', {}],
    ['a bad token', { token: 'bad' }],
  ])('refuses %s with "unauthorized"', async (_case, auth) => {
    verify.mockRejectedValue(new UnauthorizedException());
    const { error } = await handshake(auth);
    expect(error?.message).toBe('unauthorized');
  });

  it('refuses a token whose user no longer exists', async () => {
    verify.mockResolvedValue({ id: user.id, tokenExpiresAt: 123 });
    find.mockResolvedValue(null);
    expect((await handshake({ token: 'good' })).error?.message).toBe('unauthorized');
  });

  it('refuses, and does not crash, when the database fails', async () => {
    verify.mockRejectedValue(new Error('db down'));
    verify.mockImplementation(async () => {
      throw new UnauthorizedException();
    });
    find.mockRejectedValue(new Error('db down'));
    jest
      .spyOn((authenticator as unknown as { logger: { error: () => void } }).logger, 'error')
      .mockImplementation();
    verify.mockResolvedValue({ id: user.id, tokenExpiresAt: 123 });
    expect((await handshake({ token: 'good' })).error?.message).toBe('unauthorized');
  });
});
