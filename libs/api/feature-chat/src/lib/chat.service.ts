import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type {
  ClientToServerEvents,
  MarkReadAck,
  MarkReadRequest,
  SendMessageAck,
  SendMessageRequest,
  TypingRequest,
} from '@chat/shared/contracts';
import { AccessTokenService } from '@chat/api/feature-auth';
import { MessageRefusedError, MessagesService, SentMessage } from '@chat/api/feature-messages';
import { BlocksService } from '@chat/api/feature-users';
import {
  AckException,
  OnDomainEvent,
  RateLimiter,
  RateLimiterFactory,
  rateLimitConfig,
  RateLimitConfig,
  SessionsRevokedEvent,
} from '@chat/api/util';
import { ChatNotifier } from './chat-notifier';
import { ChatSocket, userRoom } from './chat-socket';
import { PresenceService } from './presence/presence.service';
import { scheduleExpiry } from './token-expiry';

/** The events a client may emit (`ClientToServerEvents`). */
const CLIENT_EVENTS: ReadonlySet<string> = new Set<keyof ClientToServerEvents>([
  'send_message',
  'mark_read',
  'typing',
]);

/** An event the server does not know is answered, never silently dropped. */
function answerUnknownEvent(socket: ChatSocket, event: string, args: unknown[]): void {
  if (CLIENT_EVENTS.has(event)) return;
  const name = String(event).slice(0, 64);
  const error = { code: 'VALIDATION' as const, message: `unknown event "${name}"` };
  const ack = args[args.length - 1];
  if (typeof ack === 'function') ack({ ok: false, error });
  else socket.emit('exception', { event: name, ...error });
}

/** The burst allowance of the message limit is replenished over this many seconds. */
const BURST_WINDOW_SECONDS = 10;

type Reply<T> = (reply: T) => void;

/**
 * What happens on the chat socket: connection life cycle, sends, read receipts and typing. Storage is delegated to
 * `MessagesService`; fan-out goes through users' rooms.
 */
@Injectable()
export class ChatService implements OnModuleInit {
  private readonly logger = new Logger(ChatService.name);
  private readonly messageLimiter: RateLimiter;
  private readonly typingLimiter: RateLimiter;
  private readonly expiryTimers = new Map<string, () => void>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(
    private readonly messages: MessagesService,
    private readonly blocks: BlocksService,
    private readonly presence: PresenceService,
    private readonly notifier: ChatNotifier,
    private readonly tokens: AccessTokenService,
    limiters: RateLimiterFactory,
    @Inject(rateLimitConfig.KEY) private readonly limits: RateLimitConfig,
  ) {
    const perSecond = limits.messagesPerSecond;
    const rule = (name: string) => ({
      name,
      points: perSecond,
      durationSeconds: 1,
      burst: { points: perSecond * (limits.messageBurstFactor - 1), durationSeconds: BURST_WINDOW_SECONDS },
    });
    this.messageLimiter = limiters.create(rule('messages'));
    this.typingLimiter = limiters.create(rule('typing'));
  }

  onModuleInit(): void {
    if (this.limits.messagesPerSecond === 0)
      this.logger.warn('RATE_LIMIT_MESSAGES_PER_SEC=0: messages are not limited');
  }

  /** An authenticated socket connected: joins the user's room, ends at token expiry, gets pending messages. */
  async connected(socket: ChatSocket): Promise<void> {
    if (this.closing) {
      socket.disconnect(true);
      return;
    }
    const { user } = socket.data;
    this.expiryTimers.set(
      socket.id,
      scheduleExpiry(user.tokenExpiresAt, () => socket.disconnect(true)),
    );
    socket.onAny((event: string, ...args: unknown[]) => answerUnknownEvent(socket, event, args));
    await socket.join(userRoom(user.id));
    await this.track(async () => {
      // A logout-all that ran while this socket was being authenticated did not find it in the user's room.
      if (!(await this.tokens.isCurrent(user))) {
        socket.disconnect(true);
        return;
      }
      await this.presence.socketOpened(user.id, socket.id);
      if (socket.disconnected) {
        // It closed while opening (its close may have been handled before it was counted): count it out.
        await this.presence.socketClosed(user.id, socket.id);
        return;
      }
      const deliveries = await this.messages.deliverPending(user.id);
      for (const { id, sender, deliveredAt } of deliveries) {
        this.notifier.toUsers([sender], 'message_delivered', { id, deliveredAt });
      }
    }).catch((error: unknown) => this.logger.error(error));
  }

  async disconnected(socket: ChatSocket): Promise<void> {
    this.expiryTimers.get(socket.id)?.();
    this.expiryTimers.delete(socket.id);
    const user = socket.data.user;
    if (!user) return; // refused at the handshake
    await this.track(() => this.presence.socketClosed(user.id, socket.id)).catch((error: unknown) =>
      this.logger.error(error),
    );
  }

  /**
   * Stores a message from the socket's user and acks only once the database acknowledged the write; then the
   * receiver's sockets and the sender's other sockets get it, and the sender learns when it was delivered.
   */
  sendMessage(socket: ChatSocket, input: SendMessageRequest, ack?: Reply<SendMessageAck>): Promise<void> {
    this.refuseWhileClosing();
    return this.track(async () => {
      const sender = socket.data.profile;
      await this.consume(this.messageLimiter, sender.id);
      const sent = await this.refusalsAsAcks(() => this.messages.send(sender, input));
      ack?.({ ok: true, message: sent.message });
      if (!sent.created) return;
      // The sender has its ack: from here on a failure is logged, never reported as a failed send.
      await this.afterStored(sender.id, socket.id, sent).catch((error: unknown) => this.logger.error(error));
    });
  }

  private async afterStored(senderId: string, socketId: string, sent: SentMessage): Promise<void> {
    this.notifier.toUsers([sent.receiver.id, senderId], 'receive_message', sent.message, socketId);
    if (sent.newConversation) await this.presence.introduce(senderId, sent.receiver.id);
    if (await this.presence.isOnline(sent.receiver.id)) {
      const deliveredAt = await this.messages.markDelivered(sent.message);
      if (deliveredAt)
        this.notifier.toUsers([senderId], 'message_delivered', { id: sent.message.id, deliveredAt });
    }
  }

  /** Marks read and tells both users' sockets (the peer's only when no block stands between them). */
  async markRead(socket: ChatSocket, input: MarkReadRequest): Promise<MarkReadAck> {
    this.refuseWhileClosing();
    return this.track(async () => {
      const reader = socket.data.user.id;
      const receipt = await this.refusalsAsAcks(() => this.messages.markRead(reader, input.peer, input.upTo));
      const event = { reader, peer: input.peer, upTo: input.upTo, readAt: receipt.readAt };
      const blocked = await this.blocks.eitherBlocked(reader, input.peer);
      this.notifier.toUsers(blocked ? [reader] : [reader, input.peer], 'messages_read', event);
      return { ok: true } as const;
    });
  }

  /** Relays typing to the receiver's sockets, never across a block. */
  async typing(socket: ChatSocket, input: TypingRequest): Promise<void> {
    const sender = socket.data.user.id;
    await this.consume(this.typingLimiter, sender);
    if (input.receiver === sender || (await this.blocks.eitherBlocked(sender, input.receiver))) return;
    this.notifier.toUsers([input.receiver], 'typing', { sender, isTyping: input.isTyping });
  }

  /** logout-all: the user's sockets close at once. */
  @OnDomainEvent('auth.sessions_revoked')
  onSessionsRevoked(event: SessionsRevokedEvent): void {
    this.notifier.disconnectUser(event.userId);
  }

  /** Shutdown: refuse new events, let in-flight ones finish (acks included), then close every socket, flushed. */
  async drain(): Promise<void> {
    this.closing = true;
    await this.settle();
    await this.notifier.disconnectAll();
    await this.settle(); // the closed sockets' presence updates, before the database closes
    for (const cancel of this.expiryTimers.values()) cancel();
    this.expiryTimers.clear();
  }

  private async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private refuseWhileClosing(): void {
    if (this.closing) throw new AckException('INTERNAL', 'the server is restarting, try again');
  }

  private async consume(limiter: RateLimiter, userId: string): Promise<void> {
    const decision = await limiter.consume(userId);
    if (!decision.allowed) {
      throw new AckException(
        'RATE_LIMITED',
        `too many messages, retry in ${Math.ceil(decision.retryAfterMs / 1000)}s`,
      );
    }
  }

  private async refusalsAsAcks<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof MessageRefusedError) throw new AckException(error.code, error.message);
      throw error;
    }
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.inFlight.add(promise);
    const forget = () => this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}
