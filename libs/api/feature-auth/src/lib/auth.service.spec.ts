import { ConflictException, UnauthorizedException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { aUser } from '@chat/shared/util-testing';
import { UsersRepository } from '@chat/api/data-access';
import { UsersService } from '@chat/api/feature-users';
import { DomainEventBus, TooManyRequestsException } from '@chat/api/util';
import { AccessTokenService } from './access-token.service';
import { AuthService } from './auth.service';
import { AuthThrottleService } from './auth-throttle.service';
import { PasswordService } from './password.service';
import { RefreshTokenService } from './refresh-token.service';

describe('AuthService', () => {
  const user = aUser({ username: 'alice' });
  const refresh = { token: 'r'.repeat(43), expiresAt: new Date(Date.now() + 1000) };
  const succeeded = jest.fn();
  const mocks = {
    users: { create: jest.fn() },
    usersRepository: { findCredentials: jest.fn(), tokenVersion: jest.fn(), bumpTokenVersion: jest.fn() },
    passwords: { hash: jest.fn(), verify: jest.fn() },
    accessTokens: { issue: jest.fn() },
    refreshTokens: { issue: jest.fn(), rotate: jest.fn(), revoke: jest.fn(), revokeAll: jest.fn() },
    throttle: { beginLogin: jest.fn(), register: jest.fn() },
    events: { publish: jest.fn() },
  };
  let service: AuthService;

  beforeEach(async () => {
    for (const group of Object.values(mocks))
      for (const fn of Object.values(group)) (fn as jest.Mock).mockReset();
    succeeded.mockReset();
    mocks.throttle.beginLogin.mockResolvedValue({ succeeded });
    mocks.accessTokens.issue.mockResolvedValue('access.token');
    mocks.refreshTokens.issue.mockResolvedValue(refresh);
    mocks.passwords.hash.mockResolvedValue('$2b$04$hash');
    mocks.usersRepository.tokenVersion.mockResolvedValue(0);
    const moduleRef = await Test.createTestingModule({
      providers: [
        AuthService,
        { provide: UsersService, useValue: mocks.users },
        { provide: UsersRepository, useValue: mocks.usersRepository },
        { provide: PasswordService, useValue: mocks.passwords },
        { provide: AccessTokenService, useValue: mocks.accessTokens },
        { provide: RefreshTokenService, useValue: mocks.refreshTokens },
        { provide: AuthThrottleService, useValue: mocks.throttle },
        { provide: DomainEventBus, useValue: mocks.events },
      ],
    }).compile();
    service = moduleRef.get(AuthService);
  });

  describe('register', () => {
    it('hashes, creates, publishes user.registered and starts a session', async () => {
      mocks.users.create.mockResolvedValue(user);
      const session = await service.register({ username: 'Alice', password: 'correct horse' }, '1.2.3.4');
      expect(mocks.throttle.register).toHaveBeenCalledWith('1.2.3.4');
      expect(mocks.passwords.hash).toHaveBeenCalledWith('correct horse');
      expect(mocks.users.create).toHaveBeenCalledWith('Alice', '$2b$04$hash');
      expect(mocks.events.publish).toHaveBeenCalledWith(
        'user.registered',
        expect.objectContaining({ userId: user.id }),
      );
      expect(session.body).toEqual({ user, accessToken: 'access.token' });
      expect(session.refresh).toBe(refresh);
      expect(JSON.stringify(session.body)).not.toContain('hash');
    });

    it('passes on 409 and publishes nothing', async () => {
      mocks.users.create.mockRejectedValue(new ConflictException('username is taken'));
      await expect(service.register({ username: 'alice', password: 'correct horse' }, 'ip')).rejects.toThrow(
        ConflictException,
      );
      expect(mocks.events.publish).not.toHaveBeenCalled();
    });

    it('stops at the rate limit before hashing', async () => {
      mocks.throttle.register.mockRejectedValue(new TooManyRequestsException(1000));
      await expect(service.register({ username: 'alice', password: 'correct horse' }, 'ip')).rejects.toThrow(
        TooManyRequestsException,
      );
      expect(mocks.passwords.hash).not.toHaveBeenCalled();
    });
  });

  describe('login', () => {
    it('looks the user up by normalised name and starts a session on success', async () => {
      mocks.usersRepository.findCredentials.mockResolvedValue({ user, passwordHash: 'h' });
      mocks.passwords.verify.mockResolvedValue(true);
      mocks.usersRepository.tokenVersion.mockResolvedValue(2);
      const session = await service.login({ username: 'ＡＬＩＣＥ', password: 'correct horse' }, 'ip');
      expect(mocks.throttle.beginLogin).toHaveBeenCalledWith('alice', 'ip');
      expect(mocks.usersRepository.findCredentials).toHaveBeenCalledWith('alice');
      expect(mocks.accessTokens.issue).toHaveBeenCalledWith(user.id, 2);
      expect(succeeded).toHaveBeenCalled();
      expect(session.body.user).toEqual(user);
    });

    it('still spends the password check for an unknown username, and answers like a wrong password', async () => {
      mocks.usersRepository.findCredentials.mockResolvedValue(null);
      mocks.passwords.verify.mockResolvedValue(false);
      const unknown = await service.login({ username: 'nobody', password: 'pw123456' }, 'ip').catch((e) => e);
      expect(mocks.passwords.verify).toHaveBeenCalledWith('pw123456', null);

      mocks.usersRepository.findCredentials.mockResolvedValue({ user, passwordHash: 'h' });
      const wrong = await service.login({ username: 'alice', password: 'pw123456' }, 'ip').catch((e) => e);
      expect(unknown).toBeInstanceOf(UnauthorizedException);
      expect(wrong).toBeInstanceOf(UnauthorizedException);
      expect(unknown.getResponse()).toEqual(wrong.getResponse());
      expect(succeeded).not.toHaveBeenCalled();
      expect(mocks.accessTokens.issue).not.toHaveBeenCalled();
    });

    it('stops at the rate limit before touching the password', async () => {
      mocks.throttle.beginLogin.mockRejectedValue(new TooManyRequestsException(1000));
      await expect(service.login({ username: 'alice', password: 'pw123456' }, 'ip')).rejects.toThrow(
        TooManyRequestsException,
      );
      expect(mocks.passwords.verify).not.toHaveBeenCalled();
    });
  });

  describe('refresh', () => {
    it('rotates and issues an access token of the current version', async () => {
      mocks.refreshTokens.rotate.mockResolvedValue({ userId: user.id, ...refresh });
      mocks.usersRepository.tokenVersion.mockResolvedValue(3);
      await expect(service.refresh('old')).resolves.toEqual({ accessToken: 'access.token', refresh });
      expect(mocks.accessTokens.issue).toHaveBeenCalledWith(user.id, 3);
    });

    it('refuses when the user no longer exists', async () => {
      mocks.refreshTokens.rotate.mockResolvedValue({ userId: user.id, ...refresh });
      mocks.usersRepository.tokenVersion.mockResolvedValue(null);
      await expect(service.refresh('old')).rejects.toThrow(UnauthorizedException);
      expect(mocks.refreshTokens.revoke).toHaveBeenCalledWith(refresh.token);
    });
  });

  it('logout-all bumps the token version, revokes refresh tokens and asks for the sockets to close', async () => {
    await service.logoutAll(user.id);
    expect(mocks.usersRepository.bumpTokenVersion).toHaveBeenCalledWith(user.id);
    expect(mocks.refreshTokens.revokeAll).toHaveBeenCalledWith(user.id);
    expect(mocks.events.publish).toHaveBeenCalledWith(
      'auth.sessions_revoked',
      expect.objectContaining({ userId: user.id }),
    );
  });
});
