import { Module, OnModuleInit } from '@nestjs/common';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import { ModuleRef } from '@nestjs/core';
import type { Model } from 'mongoose';
import { BlocksRepository } from './repositories/blocks.repository';
import { ConversationViewsRebuilder } from './repositories/conversation-views.rebuilder';
import { ConversationViewsRepository } from './repositories/conversation-views.repository';
import { MessagesRepository } from './repositories/messages.repository';
import { RefreshTokensRepository } from './repositories/refresh-tokens.repository';
import { UsersRepository } from './repositories/users.repository';
import { BlockEntity, BlockSchema } from './schemas/block.schema';
import { ConversationViewEntity, ConversationViewSchema } from './schemas/conversation-view.schema';
import { MessageEntity, MessageSchema } from './schemas/message.schema';
import { RefreshTokenEntity, RefreshTokenSchema } from './schemas/refresh-token.schema';
import { UserEntity, UserSchema } from './schemas/user.schema';

const MODELS = [
  { name: UserEntity.name, schema: UserSchema },
  { name: RefreshTokenEntity.name, schema: RefreshTokenSchema },
  { name: BlockEntity.name, schema: BlockSchema },
  { name: MessageEntity.name, schema: MessageSchema },
  { name: ConversationViewEntity.name, schema: ConversationViewSchema },
];

const REPOSITORIES = [
  UsersRepository,
  RefreshTokensRepository,
  BlocksRepository,
  MessagesRepository,
  ConversationViewsRepository,
  ConversationViewsRebuilder,
];

/** The chat's collections and their repositories. Needs `DatabaseModule.forRoot()` at the root. */
@Module({
  imports: [MongooseModule.forFeature(MODELS)],
  providers: REPOSITORIES,
  exports: REPOSITORIES,
})
export class DataAccessModule implements OnModuleInit {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** Waits until every collection and index exists, so unique constraints hold from the first request. */
  async onModuleInit(): Promise<void> {
    await Promise.all(
      MODELS.map(({ name }) =>
        this.moduleRef.get<Model<unknown>>(getModelToken(name), { strict: false }).init(),
      ),
    );
  }
}
