import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { ModuleRef } from '@nestjs/core';
import type { Connection } from 'mongoose';
import { dbConfig, DbConfig } from '@chat/api/util';
import { DatabaseHealth } from './database-health';
import { DatabaseServer } from './database-server';

@Module({
  providers: [
    {
      provide: DatabaseServer,
      inject: [dbConfig.KEY],
      useFactory: (config: DbConfig) => DatabaseServer.start(config),
    },
  ],
  exports: [DatabaseServer],
})
class DatabaseServerModule implements OnApplicationShutdown {
  constructor(
    @Inject(DatabaseServer) private readonly server: DatabaseServer,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Closes Mongoose's connection first, then stops the embedded engine (if any). */
  async onApplicationShutdown(): Promise<void> {
    const connection = this.moduleRef.get<Connection>(getConnectionToken(), { strict: false });
    await connection?.close().catch(() => undefined);
    await this.server.stop();
  }
}

/**
 * The Mongoose connection (to `MONGODB_URI`, or to the embedded engine when unset) and `DatabaseHealth`.
 * Import once at the root with `DatabaseModule.forRoot()`.
 */
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        DatabaseServerModule,
        MongooseModule.forRootAsync({
          imports: [DatabaseServerModule],
          inject: [DatabaseServer],
          useFactory: (server: DatabaseServer) => ({
            uri: server.uri,
            autoIndex: true,
            autoCreate: true,
            serverSelectionTimeoutMS: 10_000,
          }),
        }),
      ],
      providers: [DatabaseHealth],
      exports: [DatabaseHealth],
    };
  }
}
