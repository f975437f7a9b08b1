import { BeforeApplicationShutdown, UseFilters } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { CHAT_NAMESPACE, MarkReadAck, SendMessageAck } from '@chat/shared/contracts';
import { MarkReadDto, SendMessageDto } from '@chat/api/feature-messages';
import { createWsValidationPipe, WsAckExceptionFilter } from '@chat/api/util';
import { ChatNotifier } from './chat-notifier';
import { ChatService } from './chat.service';
import type { ChatNamespace, ChatSocket } from './chat-socket';
import { TypingDto } from './dto/typing.dto';
import { SocketAuthenticator } from './socket-authenticator';

/** Validates payloads with the REST DTOs' rules; a refusal becomes a `VALIDATION` ack. */
const payload = createWsValidationPipe();

/**
 * The chat on Socket.IO namespace `/chat`. Thin: authentication happens in the handshake middleware, the work in
 * `ChatService`, and any failure is answered through the ack (or an `exception` event) by `WsAckExceptionFilter`.
 */
@WebSocketGateway({ namespace: CHAT_NAMESPACE })
@UseFilters(WsAckExceptionFilter)
export class ChatGateway
  implements
    OnGatewayInit<ChatNamespace>,
    OnGatewayConnection<ChatSocket>,
    OnGatewayDisconnect<ChatSocket>,
    BeforeApplicationShutdown
{
  constructor(
    private readonly chat: ChatService,
    private readonly notifier: ChatNotifier,
    private readonly authenticator: SocketAuthenticator,
  ) {}

  afterInit(namespace: ChatNamespace): void {
    this.notifier.attach(namespace);
    namespace.use(this.authenticator.middleware);
  }

  handleConnection(socket: ChatSocket): Promise<void> {
    return this.chat.connected(socket);
  }

  handleDisconnect(socket: ChatSocket): Promise<void> {
    return this.chat.disconnected(socket);
  }

  @SubscribeMessage('send_message')
  sendMessage(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(payload) body: SendMessageDto,
    @Ack() ack: (reply: SendMessageAck) => void,
  ): Promise<void> {
    return this.chat.sendMessage(socket, body, typeof ack === 'function' ? ack : undefined);
  }

  @SubscribeMessage('mark_read')
  markRead(
    @ConnectedSocket() socket: ChatSocket,
    @MessageBody(payload) body: MarkReadDto,
  ): Promise<MarkReadAck> {
    return this.chat.markRead(socket, body);
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: ChatSocket, @MessageBody(payload) body: TypingDto): Promise<void> {
    return this.chat.typing(socket, body);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.chat.drain();
  }
}
