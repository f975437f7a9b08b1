import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Public } from '@chat/api/util';
import { AccessTokenService } from './access-token.service';
import { bearerToken, JwtAuthGuard } from './jwt-auth.guard';

class Routes {
  @Public()
  open(): void {
    return;
  }

  closed(): void {
    return;
  }
}

function context(handler: keyof Routes, headers: Record<string, string> = {}) {
  const req: { headers: Record<string, string>; user?: unknown } = { headers };
  const ctx = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { ctx, req };
}

describe('JwtAuthGuard', () => {
  const verify = jest.fn();
  const guard = new JwtAuthGuard(new Reflector(), { verify } as unknown as AccessTokenService);

  beforeEach(() => verify.mockReset());

  it('lets public routes through without a token', async () => {
    await expect(guard.canActivate(context('open').ctx)).resolves.toBe(true);
    expect(verify).not.toHaveBeenCalled();
  });

  it('requires a bearer token elsewhere', async () => {
    await expect(guard.canActivate(context('closed').ctx)).rejects.toThrow(UnauthorizedException);
    await expect(guard.canActivate(context('closed', { authorization: 'Basic abc' }).ctx)).rejects.toThrow(
      UnauthorizedException,
    );
  });

  it('puts the verified user on the request', async () => {
    verify.mockResolvedValue({ id: 'u1', tokenExpiresAt: 1 });
    const { ctx, req } = context('closed', { authorization: 'Bearer the.token.here' });
    await expect(guard.canActivate(ctx)).resolves.toBe(true);
    expect(verify).toHaveBeenCalledWith('the.token.here');
    expect(req.user).toEqual({ id: 'u1', tokenExpiresAt: 1 });
  });

  it('passes on the verifier’s refusal', async () => {
    verify.mockRejectedValue(new UnauthorizedException());
    await expect(guard.canActivate(context('closed', { authorization: 'Bearer x' }).ctx)).rejects.toThrow(
      UnauthorizedException,
    );
  });
});

describe('bearerToken', () => {
  it('reads only the standard form', () => {
    expect(bearerToken({ headers: { authorization: 'Bearer abc' } })).toBe('abc');
    expect(bearerToken({ headers: { authorization: 'bearer abc' } })).toBe('abc');
    expect(bearerToken({ headers: { authorization: 'Bearer a b' } })).toBeUndefined();
    expect(bearerToken({ headers: {} })).toBeUndefined();
  });
});
