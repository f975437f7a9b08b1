import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { DatabaseModule } from '@chat/api/data-access';
import { AuditLogModule } from '@chat/api/feature-audit-log';
import { AuthModule } from '@chat/api/feature-auth';
import { ChatModule } from '@chat/api/feature-chat';
import { MessagesModule } from '@chat/api/feature-messages';
import { UsersModule } from '@chat/api/feature-users';
import {
  ApiExceptionFilter,
  appConfig,
  AppConfig,
  configModuleOptions,
  createHttpValidationPipe,
  DomainEventsModule,
  loggerParams,
  RateLimitModule,
  RedisModule,
  Env,
  readEnv,
} from '@chat/api/util';
import { HealthController } from './health/health.controller';
import { WebModule } from './web/web.module';

/** Stands in for an extension that is switched off. */
@Module({})
class ExtensionOff {}

/**
 * `module` once the configuration has loaded (environment and `.env`) and only when `enabled(env)` says so.
 * When the configuration itself fails, that failure is what start-up reports.
 */
function extensionWhen(
  config: Promise<DynamicModule>,
  enabled: (env: Env) => boolean,
  module: () => DynamicModule,
): Promise<DynamicModule> {
  const off: DynamicModule = { module: ExtensionOff };
  return config.then(
    () => (enabled(readEnv()) ? module() : off),
    () => off,
  );
}

/**
 * The whole server: configuration, logging, the database, the features, optional extensions and the web app.
 * `forRoot()` reads the environment when called, so tests set theirs first.
 */
@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    const config = ConfigModule.forRoot(configModuleOptions());
    return {
      module: AppModule,
      imports: [
        config,
        LoggerModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (config: AppConfig) => loggerParams(config.logLevel),
        }),
        DomainEventsModule,
        RedisModule,
        RateLimitModule,
        DatabaseModule.forRoot(),
        AuthModule,
        UsersModule,
        MessagesModule,
        ChatModule,
        extensionWhen(
          config,
          (env) => env.AUDIT_LOG,
          () => AuditLogModule.forRoot({}),
        ),
        WebModule.forRoot(),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_PIPE, useFactory: createHttpValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
