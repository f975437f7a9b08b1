import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { HistoryPage, LIMITS, Message, SendMessageRequest, User } from '@chat/shared/contracts';
import {
  conversationIdOf,
  ConversationViewsRepository,
  MessagesRepository,
  objectIdOrNull,
  pairKey,
  toMessage,
} from '@chat/api/data-access';
import { BlocksService, UsersService } from '@chat/api/feature-users';
import { DomainEventBus, GroupCommit, MessageCreatedEvent, MessageReadEvent, Settled } from '@chat/api/util';
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

/** Group commit of the chat's writes: at most this many items per batch, two batches in flight. */
const GROUP_COMMIT = { maxBatch: 256, maxConcurrent: 2 };

/** The chat's writes that group commit batches together: new messages and delivery marks. */
type Work = { kind: 'send'; sender: User; input: SendMessageRequest } | { kind: 'deliver'; message: Message };
type SendWork = Extract<Work, { kind: 'send' }>;

const refused = (error: unknown): Settled<never> => ({ ok: false, error });

/**
 * Storage, history and read state of messages, with no knowledge of sockets. Every write is acknowledged by the
 * database before the method returns; the message is written first, then the two conversation summaries.
 */
@Injectable()
export class MessagesService {
  /**
   * Sends and delivery marks share one group commit: a batch stores its messages and delivery marks with one write
   * to `messages`, then both kinds of summary changes with one write to `conversation_views`.
   */
  private readonly writes = new GroupCommit<Work, SentMessage | string | null>(
    (items) => this.writeBatch(items),
    GROUP_COMMIT,
  );
  private lastDeliveryAt = 0;

  constructor(
    private readonly messages: MessagesRepository,
    private readonly views: ConversationViewsRepository,
    private readonly users: UsersService,
    private readonly blocks: BlocksService,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * Stores a message from `sender` (never from a client-supplied sender). Refuses unknown receivers, oneself and
   * blocked pairs; a retry with the same `clientMsgId` returns the stored message and stores nothing. Concurrent
   * sends are written together (group commit); each resolves only once its message and both conversation summaries
   * are acknowledged by the database.
   */
  send(sender: User, input: SendMessageRequest): Promise<SentMessage> {
    if (input.receiver.toLowerCase() === sender.id.toLowerCase()) {
      return Promise.reject(new MessageRefusedError('VALIDATION', 'you cannot send a message to yourself'));
    }
    return this.writes.submit({ kind: 'send', sender, input }) as Promise<SentMessage>;
  }

  /**
   * Marks one message delivered; returns when, or `null` if it already was. The message is marked first, then the
   * conversation summaries whose last message it is.
   */
  markDelivered(message: Message): Promise<string | null> {
    return this.writes.submit({ kind: 'deliver', message }) as Promise<string | null>;
  }

  /**
   * One batch: a read of the receivers (mostly from memory) and one of blocks for the sends, one write to
   * `messages` (new messages and delivery marks), one to `conversation_views` (summaries), in that order.
   */
  private async writeBatch(items: Work[]): Promise<Settled<SentMessage | string | null>[]> {
    const out: Settled<SentMessage | string | null>[] = new Array(items.length);
    const sends: { index: number; item: SendWork }[] = [];
    const deliveries: { index: number; message: Message }[] = [];
    items.forEach((item, index) => {
      if (item.kind === 'send') sends.push({ index, item });
      else deliveries.push({ index, message: item.message });
    });
    const accepted = await this.acceptSends(sends, out);
    // A time unique to this batch, so that the ids it marks can be told from a concurrent marker's.
    const at = new Date((this.lastDeliveryAt = Math.max(Date.now(), this.lastDeliveryAt + 1)));
    const { stored, delivered } = await this.messages.writeBatch(
      accepted.map(({ item, receiver }) => ({
        sender: item.sender.id,
        receiver: receiver.id,
        text: item.input.text,
        clientMsgId: item.input.clientMsgId,
      })),
      deliveries.map((d) => d.message.id),
      at,
    );
    const created = accepted.flatMap((a, i) =>
      stored[i].created ? [{ ...a, record: stored[i].record }] : [],
    );
    const newConversations = await this.views.applyBatch(
      created.map(({ record, item, receiver }) => ({ message: record, sender: item.sender, receiver })),
      deliveries.filter((d) => delivered.has(d.message.id)).map((d) => d.message),
      at,
    );
    const isNew = new Map(created.map((c, i) => [c.index, newConversations[i]]));
    accepted.forEach(({ index, receiver }, i) => {
      const message = toMessage(stored[i].record);
      const createdNow = stored[i].created;
      if (createdNow) this.events.publish('message.created', new MessageCreatedEvent(message));
      out[index] = {
        ok: true,
        value: { message, receiver, created: createdNow, newConversation: isNew.get(index) ?? false },
      };
    });
    const deliveredAt = at.toISOString();
    for (const d of deliveries)
      out[d.index] = { ok: true, value: delivered.has(d.message.id) ? deliveredAt : null };
    return out;
  }

  /** Refuses (in `out`) the sends to unknown receivers and across blocks; returns the others with their receiver. */
  private async acceptSends(
    sends: { index: number; item: SendWork }[],
    out: Settled<SentMessage | string | null>[],
  ): Promise<{ index: number; item: SendWork; receiver: User }[]> {
    if (!sends.length) return [];
    const receivers = await this.users.findMany(sends.map(({ item }) => item.input.receiver.toLowerCase()));
    const blocked = await this.blocks.blockedPairs(
      sends
        .filter(({ item }) => receivers.has(item.input.receiver.toLowerCase()))
        .map(({ item }) => [item.sender.id, item.input.receiver] as const),
    );
    const accepted: { index: number; item: SendWork; receiver: User }[] = [];
    for (const { index, item } of sends) {
      const receiver = receivers.get(item.input.receiver.toLowerCase());
      if (!receiver) out[index] = refused(new MessageRefusedError('UNKNOWN_RECEIVER', 'no such user'));
      else if (blocked.has(pairKey(item.sender.id, receiver.id))) {
        out[index] = refused(
          new MessageRefusedError('BLOCKED', 'messages between you and this user are blocked'),
        );
      } else accepted.push({ index, item, receiver });
    }
    return accepted;
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
      await this.views.markLastMessagesDelivered(pending, at);
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
