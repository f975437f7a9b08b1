import { Module } from '@nestjs/common';
import { AuthModule } from '@chat/api/feature-auth';
import { MessagesModule } from '@chat/api/feature-messages';
import { UsersModule } from '@chat/api/feature-users';
import { ChatGateway } from './chat.gateway';
import { ChatNotifier } from './chat-notifier';
import { ChatService } from './chat.service';
import { MemoryPresenceStore } from './presence/memory-presence.store';
import { PresenceService } from './presence/presence.service';
import { PresenceStore } from './presence/presence-store';
import { SocketAuthenticator } from './socket-authenticator';

/**
 * The Socket.IO gateway on `/chat` and presence. Use `ChatIoAdapter` as the app's WebSocket adapter.
 * `PresenceStore` is in memory; override the provider for a shared store.
 */
@Module({
  imports: [AuthModule, UsersModule, MessagesModule],
  providers: [
    ChatGateway,
    ChatService,
    ChatNotifier,
    PresenceService,
    SocketAuthenticator,
    { provide: PresenceStore, useClass: MemoryPresenceStore },
  ],
  exports: [PresenceStore],
})
export class ChatModule {}
