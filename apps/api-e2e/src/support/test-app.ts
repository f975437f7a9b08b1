import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { RunningEngine, start } from '@chat/embedded-mongo';
import { createApp } from '@chat/api/shell';

/** A booted server on an ephemeral port. */
export interface TestApp {
  app: NestExpressApplication;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The JWT secret the server signs with (for forging tokens in tests); empty when the server generated it. */
  jwtSecret: string;
  dataDir: string;
  http(): ReturnType<typeof request>;
  /** Stops the database engine under the running app (to test failures). */
  stopDatabase(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * Let the server start its own embedded engine on `DATA_DIR` (as `npm start` does) instead of giving it an
   * in-memory engine through `MONGODB_URI`; the JWT secret is then generated into `DATA_DIR` too.
   */
  embedded?: boolean;
  /** Reuse a data directory (kept on close); default: a fresh one, removed on close. */
  dataDir?: string;
}

/**
 * Boots the real app exactly as `npm start` does (`createApp()`), on an ephemeral port. By default it gets a fresh
 * in-memory engine. `env` overrides the test defaults: silent logs, bcrypt cost 4, every rate limit off, no web build.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const engine: RunningEngine | undefined = options.embedded
    ? undefined
    : await start({ port: 0, host: '127.0.0.1' });
  const savedEnv = { ...process.env };
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chat-e2e-'));
  const jwtSecret = options.embedded ? '' : randomBytes(32).toString('hex');
  if (options.embedded) {
    delete process.env['MONGODB_URI'];
    delete process.env['JWT_SECRET'];
  }
  Object.assign(process.env, {
    NODE_ENV: 'test',
    ...(engine ? { MONGODB_URI: `${engine.uri}/chat_e2e` } : {}),
    ...(jwtSecret ? { JWT_SECRET: jwtSecret } : {}),
    DATA_DIR: dataDir,
    WEB_DIR: join(dataDir, 'no-web-build'),
    LOG_LEVEL: 'silent',
    BCRYPT_COST: '4',
    RATE_LIMIT_MESSAGES_PER_SEC: '0',
    RATE_LIMIT_LOGIN_PER_MIN: '0',
    RATE_LIMIT_REGISTER_PER_MIN: '0',
    AUDIT_LOG: 'false',
    ...env,
  });
  let app: NestExpressApplication | undefined;
  const cleanUp = async () => {
    await app?.close();
    await engine?.stop();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.env = savedEnv;
  };
  try {
    app = await createApp();
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const server = app.getHttpServer();
  return {
    app,
    url,
    jwtSecret,
    dataDir,
    http: () => request(server),
    stopDatabase: async () => {
      await engine?.stop();
    },
    close: cleanUp,
  };
}
