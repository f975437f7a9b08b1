import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { anId } from '@chat/shared/util-testing';
import { UsersRepository } from '@chat/api/data-access';
import { AccessTokenService } from './access-token.service';

const SECRET = 's'.repeat(40);
const config = {
  secret: SECRET,
  secretSource: 'env' as const,
  accessTtlSeconds: 900,
  refreshTtlSeconds: 3600,
  issuer: 'chat-api',
  audience: 'chat',
};

describe('AccessTokenService', () => {
  const jwt = new JwtService({ secret: SECRET });
  const userId = anId();
  let version: number | null;
  let service: AccessTokenService;

  beforeEach(() => {
    version = 0;
    const users = { tokenVersion: jest.fn(async () => version) } as unknown as UsersRepository;
    service = new AccessTokenService(jwt, users, config);
  });

  it('issues an HS256 token with subject, issuer, audience and a 15-minute lifetime', async () => {
    const token = await service.issue(userId, 0);
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({
      alg: 'HS256',
      typ: 'JWT',
    });
    const claims = jwt.decode(token);
    expect(claims).toMatchObject({ sub: userId, iss: 'chat-api', aud: 'chat', ver: 0 });
    expect(claims.exp - claims.iat).toBe(900);
  });

  it('verifies its own token', async () => {
    const user = await service.verify(await service.issue(userId, 0));
    expect(user.id).toBe(userId);
    expect(user.tokenExpiresAt).toBeGreaterThan(Date.now());
  });

  const forged = () => ({
    'a missing token': undefined,
    'an empty token': '',
    'not a string': { token: 'x' },
    garbage: 'not.a.jwt',
    'another secret': jwt.sign(
      { ver: 0 },
      { secret: 'o'.repeat(40), subject: userId, issuer: 'chat-api', audience: 'chat' },
    ),
    'another algorithm (HS512)': jwt.sign(
      { ver: 0 },
      { secret: SECRET, algorithm: 'HS512', subject: userId, issuer: 'chat-api', audience: 'chat' },
    ),
    'alg none': `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: userId, ver: 0, iss: 'chat-api', aud: 'chat', exp: 9999999999 }),
    ).toString('base64url')}.`,
    'another issuer': jwt.sign(
      { ver: 0 },
      { secret: SECRET, subject: userId, issuer: 'evil', audience: 'chat' },
    ),
    'another audience': jwt.sign(
      { ver: 0 },
      { secret: SECRET, subject: userId, issuer: 'chat-api', audience: 'x' },
    ),
    'an expired token': jwt.sign(
      { ver: 0, exp: Math.floor(Date.now() / 1000) - 10 },
      { secret: SECRET, subject: userId, issuer: 'chat-api', audience: 'chat' },
    ),
    'no version': jwt.sign({}, { secret: SECRET, subject: userId, issuer: 'chat-api', audience: 'chat' }),
    'a subject that is not a user id': jwt.sign(
      { ver: 0 },
      { secret: SECRET, subject: '{"$ne":null}', issuer: 'chat-api', audience: 'chat' },
    ),
  });

  it.each(Object.keys(forged()))('refuses %s', async (name) => {
    const token = forged()[name as keyof ReturnType<typeof forged>];
    await expect(service.verify(token)).rejects.toThrow(UnauthorizedException);
  });

  it('refuses a token issued before logout-all (older version)', async () => {
    const token = await service.issue(userId, 0);
    version = 1;
    await expect(service.verify(token)).rejects.toThrow(UnauthorizedException);
  });

  it('refuses a token of a user who no longer exists', async () => {
    const token = await service.issue(userId, 0);
    version = null;
    await expect(service.verify(token)).rejects.toThrow(UnauthorizedException);
  });

  it('tells whether an authenticated session is still current', async () => {
    const user = await service.verify(await service.issue(userId, 0));
    expect(user.tokenVersion).toBe(0);
    await expect(service.isCurrent(user)).resolves.toBe(true);
    version = 1; // logout-all
    await expect(service.isCurrent(user)).resolves.toBe(false);
    version = null; // the user is gone
    await expect(service.isCurrent(user)).resolves.toBe(false);
  });
});
