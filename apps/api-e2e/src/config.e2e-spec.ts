import { Logger } from '@nestjs/common';
import { createApp } from '@chat/api/shell';

describe('start-up configuration', () => {
  const saved = { ...process.env };

  beforeAll(() => Logger.overrideLogger(false)); // the refusals are expected; keep the output clean

  afterEach(() => {
    process.env = { ...saved };
  });

  it('refuses to start in production without a JWT secret', async () => {
    process.env['NODE_ENV'] = 'production';
    delete process.env['JWT_SECRET'];
    await expect(createApp()).rejects.toThrow(/JWT_SECRET/);
  });

  it('refuses to start in production with a short secret', async () => {
    process.env['NODE_ENV'] = 'production';
    process.env['JWT_SECRET'] = 'too-short';
    await expect(createApp()).rejects.toThrow(/32 bytes/);
  });

  it('refuses an invalid variable with a clear message', async () => {
    process.env['PORT'] = 'eighty';
    await expect(createApp()).rejects.toThrow(/PORT/);
  });
});
