import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { HistoryPage, LIMITS, Message, SendMessageRequest, User } from '@chat/shared/contracts';
import {
  conversationIdOf,
  ConversationViewsRepository,
  MessagesRepository,
  objectIdOrNull,
  toMessage,
} from '@chat/api/data-access';
import { BlocksService, UsersService } from '@chat/api/feature-users';
import { DomainEventBus, MessageCreatedEvent, MessageReadEvent } from '@chat/api/util';
import { MessageRefusedError } from './message-refused.error';

/** The outcome of a send. */
export interface SentMessage {
  message: Message;
  receiver: User;
  /** False for an idempotent retry: the message was stored by an earlier call and nothing new happened. */
  created: boolean;
  /** True when this message started the conversation. */
  newConversation: boolean;
}

/** A message that reached a socket of its receiver for the first time. */
export interface Delivery {
  id: string;
  sender: string;
  deliveredAt: string;
}

export interface ReadReceipt {
  readAt: string;
  count: number;
}

const DELIVERY_BATCH = 500;

/**
 * Storage, history and read state of messages, with no knowledge of sockets. Every write is acknowledged by the
 * database before the method returns; the message is written first, then the two conversation summaries.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly views: ConversationViewsRepository,
    private readonly users: UsersService,
    private readonly blocks: BlocksService,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * Stores a message from `sender` (never from a client-supplied sender). Refuses unknown receivers, oneself and
   * blocked pairs; a retry with the same `clientMsgId` returns the stored message and stores nothing.
   */
  async send(sender: User, input: SendMessageRequest): Promise<SentMessage> {
    if (input.receiver === sender.id)
      throw new MessageRefusedError('VALIDATION', 'you cannot send a message to yourself');
    const receiver = await this.users.find(input.receiver);
    if (!receiver) throw new MessageRefusedError('UNKNOWN_RECEIVER', 'no such user');
    if (await this.blocks.eitherBlocked(sender.id, receiver.id)) {
      throw new MessageRefusedError('BLOCKED', 'messages between you and this user are blocked');
    }
    const { record, created } = await this.messages.insert({
      sender: sender.id,
      receiver: receiver.id,
      text: input.text,
      clientMsgId: input.clientMsgId,
    });
    const message = toMessage(record);
    if (!created) return { message, receiver, created, newConversation: false };
    const newConversation = await this.views.applyMessage(record, sender, receiver);
    this.events.publish('message.created', new MessageCreatedEvent(message));
    return { message, receiver, created, newConversation };
  }

  /** Marks one message delivered; returns when, or `null` if it already was. */
  async markDelivered(message: Message): Promise<string | null> {
    const at = new Date();
    if (!(await this.messages.markDelivered(message.id, at))) return null;
    await this.views.markLastMessagesDelivered([message.conversationId], [message.id], at);
    return at.toISOString();
  }

  /** Marks delivered every message waiting for `receiver` (they just connected), oldest first. */
  async deliverPending(receiver: string): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    for (;;) {
      const pending = await this.messages.undelivered(receiver, DELIVERY_BATCH);
      if (!pending.length) return deliveries;
      const at = new Date();
      const ids = pending.map((m) => m.id);
      await this.messages.markManyDelivered(ids, receiver, at);
      await this.views.markLastMessagesDelivered([...new Set(pending.map((m) => m.conversationId))], ids, at);
      const deliveredAt = at.toISOString();
      for (const m of pending) deliveries.push({ id: m.id, sender: m.sender, deliveredAt });
      if (pending.length < DELIVERY_BATCH) return deliveries;
    }
  }

  /** A page of the caller's conversation with `peer`, oldest first. Never reaches another pair's messages. */
  async history(
    callerId: string,
    peer: string,
    before?: string,
    limit: number = LIMITS.historyPageDefault,
  ): Promise<HistoryPage> {
    if (peer === callerId) throw new BadRequestException('with must be another user');
    if (!(await this.users.find(peer))) throw new NotFoundException('user not found');
    const conversationId = conversationIdOf(callerId, peer);
    if (before && !(await this.messages.findInConversation(before, conversationId))) {
      throw new BadRequestException('before must be a message of this conversation');
    }
    const { records, hasMore } = await this.messages.page(conversationId, before, limit);
    return { messages: records.map(toMessage), hasMore };
  }

  /** Marks read what `peer` sent `reader` up to `upTo` (a message of their conversation) and recounts unread. */
  async markRead(reader: string, peer: string, upTo: string): Promise<ReadReceipt> {
    const conversationId = conversationIdOf(reader, peer);
    if (
      peer === reader ||
      !objectIdOrNull(upTo) ||
      !(await this.messages.findInConversation(upTo, conversationId))
    ) {
      throw new MessageRefusedError('VALIDATION', 'upTo must be a message of your conversation with peer');
    }
    const at = new Date();
    const count = await this.messages.markRead(conversationId, reader, upTo, at);
    const unread = await this.messages.countUnread(conversationId, reader);
    await this.views.setUnread(reader, peer, unread);
    if (count > 0) {
      await this.views.markLastMessageRead(conversationId, reader, upTo, at);
      this.events.publish('message.read', new MessageReadEvent(reader, peer, upTo, at, count));
    }
    return { readAt: at.toISOString(), count };
  }
}
