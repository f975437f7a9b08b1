import { Test } from '@nestjs/testing';
import { DatabaseHealth } from '@chat/api/data-access';
import { HealthController } from './health.controller';

describe('HealthController', () => {
  async function controllerWith(up: boolean) {
    const moduleRef = await Test.createTestingModule({
      controllers: [HealthController],
      providers: [{ provide: DatabaseHealth, useValue: { isUp: jest.fn().mockResolvedValue(up) } }],
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
});
