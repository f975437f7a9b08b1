import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DataAccessModule, DatabaseModule } from '@chat/api/data-access';
import { configModuleOptions } from '@chat/api/util';

/** What maintenance commands need: the configuration and the database, without HTTP, sockets or features. */
@Module({})
export class MaintenanceModule {
  static forRoot(): DynamicModule {
    return {
      module: MaintenanceModule,
      imports: [ConfigModule.forRoot(configModuleOptions()), DatabaseModule.forRoot(), DataAccessModule],
    };
  }
}
