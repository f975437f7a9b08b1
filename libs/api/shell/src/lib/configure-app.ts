import type { NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import { REFRESH_COOKIE } from '@chat/shared/contracts';
import { CHAT_IO_ADAPTER, ChatIoAdapter, IoAdapterConstructor } from '@chat/api/feature-chat';
import { appConfig, AppConfig, jsonBodyParser, securityHeaders } from '@chat/api/util';

/** Options for creating the Nest application (the body parser is configured by `configureApp`). */
export const NEST_APP_OPTIONS: NestApplicationOptions = {
  bodyParser: false,
  bufferLogs: true,
  abortOnError: false,
};

/**
 * The app-wide HTTP and WebSocket setup, shared by `bootstrap()` and the e2e suites so both run the same server:
 * structured logs, security headers, 16 KiB JSON bodies, strict query parsing, CORS only for `CORS_ORIGIN`, the
 * `/api` prefix, the chat's Socket.IO adapter (fanning out through Redis when configured) and OpenAPI docs at
 * `/api/docs`.
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get<AppConfig>(appConfig.KEY);
  app.useLogger(app.get(Logger));
  app.set('query parser', 'simple');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  app.use(cookieParser());
  app.use('/api', jsonBodyParser());
  if (config.corsOrigins.length) {
    app.enableCors({ origin: [...config.corsOrigins], credentials: true });
  }
  app.setGlobalPrefix('api');
  const fanOut = app.get<typeof CHAT_IO_ADAPTER, IoAdapterConstructor | null>(CHAT_IO_ADAPTER, {
    strict: false,
  });
  app.useWebSocketAdapter(new ChatIoAdapter(app, config.corsOrigins, fanOut ?? undefined));
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApiConfig()), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}

function openApiConfig() {
  return new DocumentBuilder()
    .setTitle('Chat API')
    .setDescription(
      'One-to-one private chat. Real-time events use Socket.IO on namespace `/chat` (see API.md); ' +
        'REST routes are listed here.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth(REFRESH_COOKIE.name)
    .build();
}
