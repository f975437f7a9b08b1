import { Module } from '@nestjs/common';
import { AuthModule } from '@chat/api/feature-auth';
import { MessagesModule } from '@chat/api/feature-messages';
import { UsersModule } from '@chat/api/feature-users';
import { REDIS, RedisConnection } from '@chat/api/util';
import { ChatGateway } from './chat.gateway';
import { ChatNotifier } from './chat-notifier';
import { ChatService } from './chat.service';
import { MemoryPresenceStore } from './presence/memory-presence.store';
import { PresenceService } from './presence/presence.service';
import { PresenceStore } from './presence/presence-store';
import { RedisPresenceStore } from './presence/redis-presence.store';
import { CHAT_IO_ADAPTER, redisStreamsAdapter } from './redis-streams.adapter';
import { SocketAuthenticator } from './socket-authenticator';

/**
 * The Socket.IO gateway on `/chat` and presence. Use `ChatIoAdapter` as the app's WebSocket adapter, with
 * `CHAT_IO_ADAPTER`. With Redis (`REDIS`, from `REDIS_URL`) presence and fan-out are shared by every instance;
 * without it both stay in this process.
 */
@Module({
  imports: [AuthModule, UsersModule, MessagesModule],
  providers: [
    ChatGateway,
    ChatService,
    ChatNotifier,
    PresenceService,
    SocketAuthenticator,
    {
      provide: PresenceStore,
      inject: [REDIS],
      useFactory: (redis: RedisConnection | null): PresenceStore =>
        redis ? new RedisPresenceStore(redis.commands) : new MemoryPresenceStore(),
    },
    {
      provide: CHAT_IO_ADAPTER,
      inject: [REDIS],
      useFactory: (redis: RedisConnection | null) => (redis ? redisStreamsAdapter(redis) : null),
    },
  ],
  exports: [PresenceStore, CHAT_IO_ADAPTER],
})
export class ChatModule {}
