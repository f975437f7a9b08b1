import { Test } from '@nestjs/testing';
import { DatabaseHealth } from '@chat/api/data-access';
import { REDIS } from '@chat/api/util';
import { HealthController } from './health.controller';

describe('HealthController', () => {
  /** `redisUp` undefined: Redis is not configured. */
  async function controllerWith(up: boolean, redisUp?: boolean) {
    const redis = redisUp === undefined ? null : { isUp: jest.fn().mockResolvedValue(redisUp) };
    const moduleRef = await Test.createTestingModule({
      controllers: [HealthController],
      providers: [
        { provide: DatabaseHealth, useValue: { isUp: jest.fn().mockResolvedValue(up) } },
        { provide: REDIS, useValue: redis },
      ],
    }).compile();
    return moduleRef.get(HealthController);
  }

  it('answers ok while the database is up', async () => {
    const res = { status: jest.fn() };
    await expect((await controllerWith(true)).check(res as never)).resolves.toEqual({
      status: 'ok',
      db: 'up',
    });
    expect(res.status).not.toHaveBeenCalled();
  });

  it('answers 503 when the database is down, in both the health and the error shape', async () => {
    const res = { status: jest.fn() };
    await expect((await controllerWith(false)).check(res as never)).resolves.toEqual({
      status: 'error',
      db: 'down',
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the database is unreachable',
    });
    expect(res.status).toHaveBeenCalledWith(503);
  });

  it('reports Redis when it is configured, without failing the check while it is down', async () => {
    const res = { status: jest.fn() };
    await expect((await controllerWith(true, true)).check(res as never)).resolves.toEqual({
      status: 'ok',
      db: 'up',
      redis: 'up',
    });
    await expect((await controllerWith(true, false)).check(res as never)).resolves.toEqual({
      status: 'ok',
      db: 'up',
      redis: 'down',
    });
    expect(res.status).not.toHaveBeenCalled();
    await expect((await controllerWith(false, false)).check(res as never)).resolves.toMatchObject({
      status: 'error',
      db: 'down',
      redis: 'down',
    });
    expect(res.status).toHaveBeenCalledWith(503);
  });
});
