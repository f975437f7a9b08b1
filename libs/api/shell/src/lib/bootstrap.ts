import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

/** Applies the app-wide HTTP setup; shared by `main.ts` and the e2e suites so both run the same server. */
export function configureApp(app: INestApplication): INestApplication {
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  return app;
}

export async function bootstrap(port = Number(process.env['PORT'] ?? 3000)): Promise<INestApplication> {
  const app = configureApp(await NestFactory.create(AppModule));
  await app.listen(port);
  Logger.log(`Chat is running on http://localhost:${port}`, 'Bootstrap');
  return app;
}
