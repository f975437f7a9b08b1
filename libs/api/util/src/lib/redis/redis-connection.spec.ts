import { startRedisServer, TestRedisServer } from '../../testing';
import { RedisConnection } from './redis-connection';

/** Resolves once `check` holds, polling (Redis state changes have no event to await here). */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((wait) => setTimeout(wait, 50));
  }
}

describe('RedisConnection (against redis-server)', () => {
  let server: TestRedisServer;
  let connection: RedisConnection | undefined;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    await connection?.close();
    connection = undefined;
  });
  afterAll(async () => {
    await server?.stop(true);
  });

  it('is up once open, down while Redis is gone, and up again when it returns', async () => {
    connection = await RedisConnection.open(server.url);
    expect(await connection.isUp()).toBe(true);
    await server.stop(true);
    await eventually(async () => !(await connection?.isUp()));
    await server.start();
    await eventually(async () => (await connection?.isUp()) === true);
  }, 30_000);

  it('fails commands at once while Redis is gone, instead of queueing them', async () => {
    connection = await RedisConnection.open(server.url);
    await server.stop(true);
    await eventually(async () => connection?.commands.status !== 'ready');
    const started = Date.now();
    await expect(connection.commands.incr('k')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(500);
    await server.start();
  }, 30_000);

  it('gives up on a command when Redis hangs', async () => {
    connection = await RedisConnection.open(server.url);
    server.pause();
    try {
      await expect(connection.commands.incr('k')).rejects.toThrow('timed out');
      expect(await connection.isUp()).toBe(false);
    } finally {
      server.resume();
    }
  }, 30_000);

  it('refuses to open when Redis does not answer', async () => {
    await expect(RedisConnection.open('redis://127.0.0.1:1', 500)).rejects.toThrow('did not answer');
  });
});
