import { Logger } from '@nestjs/common';
import { MemoryRateLimiterFactory, TooManyRequestsException } from '@chat/api/util';
import { AuthThrottleService } from './auth-throttle.service';

function throttle(limit = 3, registrations = 2) {
  return new AuthThrottleService(new MemoryRateLimiterFactory(), {
    messagesPerSecond: 10,
    messageBurstFactor: 3,
    failedLoginsPerMinute: limit,
    registrationsPerMinute: registrations,
  });
}

async function fail(service: AuthThrottleService, username: string, ip: string): Promise<void> {
  await service.beginLogin(username, ip); // reserved and never settled: a failure
}

describe('AuthThrottleService', () => {
  it('refuses a username after N failures, from any IP, with a retry delay', async () => {
    const service = throttle(3);
    for (const ip of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) await fail(service, 'alice', ip);
    const refusal = service.beginLogin('alice', '4.4.4.4');
    await expect(refusal).rejects.toThrow(TooManyRequestsException);
    await expect(refusal).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
  });

  it('refuses an IP after N failures, whatever the usernames', async () => {
    const service = throttle(3);
    for (const name of ['a1', 'a2', 'a3']) await fail(service, name, '9.9.9.9');
    await expect(service.beginLogin('bob', '9.9.9.9')).rejects.toThrow(TooManyRequestsException);
    await expect(service.beginLogin('bob', '8.8.8.8')).resolves.toBeDefined();
  });

  it("does not count successful logins, and leaves another user's login alone", async () => {
    const service = throttle(3);
    for (let i = 0; i < 10; i++) await (await service.beginLogin('bob', '7.7.7.7')).succeeded();
    for (const ip of ['1.0.0.1', '1.0.0.2', '1.0.0.3']) await fail(service, 'alice', ip);
    await expect(service.beginLogin('alice', '1.0.0.4')).rejects.toThrow(TooManyRequestsException);
    await expect(service.beginLogin('carol', '1.0.0.4')).resolves.toBeDefined();
  });

  it('a success clears the username counter', async () => {
    const service = throttle(3);
    await fail(service, 'alice', '1.0.0.1');
    await fail(service, 'alice', '1.0.0.2');
    await (await service.beginLogin('alice', '1.0.0.3')).succeeded();
    await fail(service, 'alice', '1.0.0.5');
    await fail(service, 'alice', '1.0.0.6');
    await expect(service.beginLogin('alice', '1.0.0.7')).resolves.toBeDefined();
  });

  it('limits registrations per IP', async () => {
    const service = throttle(3, 2);
    await service.register('5.5.5.5');
    await service.register('5.5.5.5');
    await expect(service.register('5.5.5.5')).rejects.toThrow(TooManyRequestsException);
    await expect(service.register('6.6.6.6')).resolves.toBeUndefined();
  });

  it('limits nothing when set to 0', async () => {
    const service = throttle(0, 0);
    for (let i = 0; i < 50; i++) {
      await fail(service, 'alice', '1.1.1.1');
      await service.register('1.1.1.1');
    }
    await expect(service.beginLogin('alice', '1.1.1.1')).resolves.toBeDefined();
  });

  it('warns at start-up for each limit that is off', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    try {
      throttle(0, 0).onModuleInit();
      expect(warn).toHaveBeenCalledTimes(2);
      warn.mockClear();
      throttle(3, 3).onModuleInit();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
