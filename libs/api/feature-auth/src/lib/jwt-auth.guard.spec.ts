import { Controller, Get, INestApplication, UnauthorizedException } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { CurrentUser, jwtConfig, Public, type AuthenticatedUser } from '@chat/api/util';
import { anId } from '@chat/shared/util-testing';
import { AccessTokenService } from './access-token.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';

const SECRET = 's'.repeat(40);
const config = { secret: SECRET, issuer: 'chat-api', audience: 'chat', accessTtlSeconds: 900 };

@Controller()
class RoutesController {
  @Public()
  @Get('open')
  open() {
    return { open: true };
  }

  @Get('closed')
  closed(@CurrentUser() user: AuthenticatedUser) {
    return { id: user.id };
  }
}

describe('JwtAuthGuard with the passport JwtStrategy', () => {
  let app: INestApplication;
  const jwt = new JwtService({ secret: SECRET });
  const userId = anId();
  const authenticate = jest.fn();
  const sign = (options: object = {}, secret = SECRET) =>
    jwt.sign({ ver: 0 }, { secret, subject: userId, issuer: 'chat-api', audience: 'chat', ...options });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PassportModule, JwtModule.register({ secret: SECRET })],
      controllers: [RoutesController],
      providers: [
        { provide: jwtConfig.KEY, useValue: config },
        {
          provide: AccessTokenService,
          useValue: {
            verifyOptions: { algorithms: ['HS256'], issuer: 'chat-api', audience: 'chat' },
            authenticate,
          },
        },
        JwtStrategy,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });

  afterAll(() => app.close());

  beforeEach(() => {
    authenticate.mockReset();
    authenticate.mockImplementation(async (claims: { sub: string; exp: number }) => ({
      id: claims.sub,
      tokenExpiresAt: claims.exp * 1000,
      tokenVersion: 0,
    }));
  });

  it('lets public routes through without a token', async () => {
    await request(app.getHttpServer()).get('/open').expect(200, { open: true });
  });

  it('puts the authenticated user on the request', async () => {
    await request(app.getHttpServer())
      .get('/closed')
      .set('Authorization', `Bearer ${sign()}`)
      .expect(200, { id: userId });
    expect(authenticate).toHaveBeenCalledWith(expect.objectContaining({ sub: userId, ver: 0 }));
  });

  it.each([
    ['no token', undefined],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['garbage', 'Bearer not.a.jwt'],
    ['another secret', `Bearer ${sign({}, 'o'.repeat(40))}`],
    ['another algorithm', `Bearer ${sign({ algorithm: 'HS512' })}`],
    ['another issuer', `Bearer ${sign({ issuer: 'someone-else' })}`],
    ['another audience', `Bearer ${sign({ audience: 'someone-else' })}`],
    ['an expired token', `Bearer ${sign({ expiresIn: -10 })}`],
    [
      'alg none',
      `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: userId, ver: 0, iss: 'chat-api', aud: 'chat' }),
      ).toString('base64url')}.`,
    ],
  ])('refuses %s with one 401 and never reaches the user check', async (_case, header) => {
    const req = request(app.getHttpServer()).get('/closed');
    if (header) req.set('Authorization', header);
    const res = await req.expect(401);
    expect(res.body).toEqual({ statusCode: 401, message: 'Unauthorized' });
    expect(authenticate).not.toHaveBeenCalled();
  });

  it("uses its own application's strategy even when another application registered one since", async () => {
    const other = await Test.createTestingModule({
      imports: [PassportModule],
      providers: [
        { provide: jwtConfig.KEY, useValue: { ...config, secret: 'o'.repeat(40) } },
        { provide: AccessTokenService, useValue: { verifyOptions: {}, authenticate } },
        JwtStrategy,
      ],
    }).compile();
    try {
      await request(app.getHttpServer()).get('/closed').set('Authorization', `Bearer ${sign()}`).expect(200);
    } finally {
      await other.close();
    }
  });

  it('answers concurrent requests each with its own result', async () => {
    authenticate.mockImplementation(
      (claims: { sub: string; exp: number }) =>
        new Promise((resolve) =>
          setTimeout(() => resolve({ id: claims.sub, tokenExpiresAt: claims.exp * 1000 }), 20),
        ),
    );
    const ids = Array.from({ length: 8 }, () => anId());
    const replies = await Promise.all(
      ids.map((id) =>
        request(app.getHttpServer())
          .get('/closed')
          .set('Authorization', `Bearer ${sign({ subject: id })}`)
          .timeout(4000),
      ),
    );
    expect(replies.map((reply) => [reply.status, reply.body.id])).toEqual(ids.map((id) => [200, id]));
  });

  it('refuses a well-signed token the user check rejects (revoked, unknown user)', async () => {
    // What AccessTokenService.authenticate throws for a revoked token or an unknown user.
    authenticate.mockRejectedValue(new UnauthorizedException());
    await request(app.getHttpServer()).get('/closed').set('Authorization', `Bearer ${sign()}`).expect(401);
  });

  it('passes on an error of the user check that is not a refusal (the database is down): never a 401', async () => {
    const unreachable = Object.assign(new Error('connection refused'), { name: 'MongoServerSelectionError' });
    authenticate.mockRejectedValue(unreachable);
    // Without the app's exception filter (which answers 503 for it), Nest's default answers 500.
    await request(app.getHttpServer()).get('/closed').set('Authorization', `Bearer ${sign()}`).expect(500);
  });
});
