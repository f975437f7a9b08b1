import { UnauthorizedException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request, Response } from 'express';
import { REFRESH_COOKIE } from '@chat/shared/contracts';
import { aUser } from '@chat/shared/util-testing';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';

describe('AuthController', () => {
  const user = aUser();
  const refresh = { token: 't'.repeat(43), expiresAt: new Date(Date.now() + 60_000) };
  const auth = {
    register: jest.fn(),
    login: jest.fn(),
    refresh: jest.fn(),
    logout: jest.fn(),
    logoutAll: jest.fn(),
  };
  let controller: AuthController;
  let res: Response & { cookie: jest.Mock; clearCookie: jest.Mock };
  const req = (cookies: Record<string, string> = {}) =>
    ({ ip: '9.9.9.9', secure: false, cookies }) as unknown as Request;

  beforeEach(async () => {
    Object.values(auth).forEach((fn) => fn.mockReset());
    res = { cookie: jest.fn(), clearCookie: jest.fn() } as unknown as typeof res;
    const moduleRef = await Test.createTestingModule({
      controllers: [AuthController],
      providers: [{ provide: AuthService, useValue: auth }],
    }).compile();
    controller = moduleRef.get(AuthController);
  });

  it('register answers the body and puts the refresh token only in the cookie', async () => {
    auth.register.mockResolvedValue({ body: { user, accessToken: 'a.b.c' }, refresh });
    const body = await controller.register({ username: 'alice', password: 'correct horse' }, req(), res);
    expect(auth.register).toHaveBeenCalledWith({ username: 'alice', password: 'correct horse' }, '9.9.9.9');
    expect(body).toEqual({ user, accessToken: 'a.b.c' });
    expect(JSON.stringify(body)).not.toContain(refresh.token);
    expect(res.cookie).toHaveBeenCalledWith(
      REFRESH_COOKIE.name,
      refresh.token,
      expect.objectContaining({ httpOnly: true }),
    );
  });

  it('login does the same', async () => {
    auth.login.mockResolvedValue({ body: { user, accessToken: 'a.b.c' }, refresh });
    await controller.login({ username: 'alice', password: 'pw' }, req(), res);
    expect(res.cookie).toHaveBeenCalledWith(REFRESH_COOKIE.name, refresh.token, expect.anything());
  });

  it('refresh rotates the cookie', async () => {
    auth.refresh.mockResolvedValue({ accessToken: 'new.token', refresh });
    const body = await controller.refresh(req({ [REFRESH_COOKIE.name]: 'old' }), res);
    expect(auth.refresh).toHaveBeenCalledWith('old');
    expect(body).toEqual({ accessToken: 'new.token' });
    expect(res.cookie).toHaveBeenCalledWith(REFRESH_COOKIE.name, refresh.token, expect.anything());
  });

  it('a refused refresh clears the cookie and answers 401', async () => {
    auth.refresh.mockRejectedValue(new UnauthorizedException());
    await expect(controller.refresh(req({ [REFRESH_COOKIE.name]: 'old' }), res)).rejects.toThrow(
      UnauthorizedException,
    );
    expect(res.clearCookie).toHaveBeenCalledWith(
      REFRESH_COOKIE.name,
      expect.objectContaining({ path: '/api/auth' }),
    );
  });

  it('logout revokes the cookie’s token and clears it', async () => {
    await controller.logout(req({ [REFRESH_COOKIE.name]: 'old' }), res);
    expect(auth.logout).toHaveBeenCalledWith('old');
    expect(res.clearCookie).toHaveBeenCalled();
  });

  it('logout-all acts for the caller', async () => {
    await controller.logoutAll({ id: user.id, tokenExpiresAt: 0, tokenVersion: 0 }, req(), res);
    expect(auth.logoutAll).toHaveBeenCalledWith(user.id);
    expect(res.clearCookie).toHaveBeenCalled();
  });
});
