import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ConditionalModule, ConfigModule } from '@nestjs/config';
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
  readEnv,
} from '@chat/api/util';
import { HealthController } from './health/health.controller';
import { WebModule } from './web/web.module';

/**
 * The whole server: configuration, logging, the database, the features, optional extensions and the web app.
 * `forRoot()` reads the environment when called, so tests set theirs first.
 */
@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(configModuleOptions()),
        LoggerModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (config: AppConfig) => loggerParams(config.logLevel),
        }),
        DomainEventsModule,
        RateLimitModule,
        DatabaseModule.forRoot(),
        AuthModule,
        UsersModule,
        MessagesModule,
        ChatModule,
        ConditionalModule.registerWhen(AuditLogModule.forRoot({}), (env) => readEnv(env).AUDIT_LOG),
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
