import { Module } from '@nestjs/common';
import { DataAccessModule } from '@chat/api/data-access';
import { BlocksController } from './blocks.controller';
import { BlocksService } from './blocks.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Profiles, user search and blocks. Exports `UsersService` and `BlocksService`. */
@Module({
  imports: [DataAccessModule],
  controllers: [UsersController, BlocksController],
  providers: [UsersService, BlocksService],
  exports: [UsersService, BlocksService],
})
export class UsersModule {}
