import { Module } from '@nestjs/common';
import { DataAccessModule } from '@chat/api/data-access';
import { UsersModule } from '@chat/api/feature-users';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

/** Message storage, history, conversations and read state. Exports both services for transports. */
@Module({
  imports: [DataAccessModule, UsersModule],
  controllers: [MessagesController, ConversationsController],
  providers: [MessagesService, ConversationsService],
  exports: [MessagesService, ConversationsService],
})
export class MessagesModule {}
