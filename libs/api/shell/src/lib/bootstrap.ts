import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { appConfig, AppConfig } from '@chat/api/util';
import { AppModule } from './app.module';
import { configureApp, NEST_APP_OPTIONS } from './configure-app';

/**
 * The configured application, not yet listening: what `npm start` runs and what the e2e suites boot.
 * Reads the environment when called.
 */
export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), NEST_APP_OPTIONS);
  return configureApp(app);
}

/** Starts the server on `PORT` with graceful shutdown on SIGTERM/SIGINT, and prints the URL to open. */
export async function startServer(): Promise<NestExpressApplication> {
  const app = await createApp();
  const config = app.get<AppConfig>(appConfig.KEY);
  try {
    await app.listen(config.port);
  } catch (error) {
    await app.close(); // stops the embedded engine too
    throw error;
  }
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const { port } = app.getHttpServer().address() as AddressInfo;
  new Logger('Bootstrap').log(`Chat is running: open http://localhost:${port}`);
  return app;
}

/** `main.ts`: starts the server, or says why it cannot and exits with status 1. */
export async function bootstrap(): Promise<NestExpressApplication | undefined> {
  try {
    return await startServer();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`The chat server could not start: ${message}\n`);
    process.exit(1);
  }
}
