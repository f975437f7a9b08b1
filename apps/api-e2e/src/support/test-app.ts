import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { RunningEngine, start } from '@chat/embedded-mongo';
import { createApp } from '@chat/api/shell';

/** A booted server on an ephemeral port, backed by its own in-memory engine. */
export interface TestApp {
  app: NestExpressApplication;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The JWT secret the server signs with (for forging expired tokens in tests). */
  jwtSecret: string;
  http(): ReturnType<typeof request>;
  /** Stops the database engine under the running app (to test failures). */
  stopDatabase(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boots the real app exactly as `npm start` does (`createApp()`), on an ephemeral port, against a fresh in-memory
 * engine.
 * `env` overrides the test defaults: silent logs, bcrypt cost 4, every rate limit off, no web build.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const engine: RunningEngine = await start({ port: 0, host: '127.0.0.1' });
  const savedEnv = { ...process.env };
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-e2e-'));
  const jwtSecret = randomBytes(32).toString('hex');
  Object.assign(process.env, {
    NODE_ENV: 'test',
    MONGODB_URI: `${engine.uri}/chat_e2e`,
    JWT_SECRET: jwtSecret,
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
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
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
    http: () => request(server),
    stopDatabase: () => engine.stop(),
    close: cleanUp,
  };
}
