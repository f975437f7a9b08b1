import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MongoBulkWriteError } from 'mongodb';
import { AnyBulkWriteOperation, Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '@chat/api/util';
import type { MessageRecord } from '../mappers/records';
import { MessageEntity } from '../schemas/message.schema';
import { conversationIdOf, toObjectId } from './object-id';

export interface NewMessage {
  sender: string;
  receiver: string;
  text: string;
  clientMsgId: string;
}

/** The outcome of storing a message: the stored record, and whether this call stored it (false: a retry). */
export interface StoredMessage {
  record: MessageRecord;
  created: boolean;
}

/** A message waiting for delivery. */
export interface PendingMessage {
  id: string;
  sender: string;
  conversationId: string;
}

/** Messages. Ids passed in are validated by the caller; every read is confined to one conversation. */
@Injectable()
export class MessagesRepository {
  constructor(@InjectModel(MessageEntity.name) private readonly messages: Model<MessageEntity>) {}

  /**
   * Stores a message with an acknowledged write. A second call with the same sender and `clientMsgId` stores
   * nothing and returns the first record (the unique index decides, so concurrent retries are safe too).
   */
  async insert(message: NewMessage, now = new Date()): Promise<StoredMessage> {
    const record: MessageRecord = {
      _id: new Types.ObjectId(),
      conversationId: conversationIdOf(message.sender, message.receiver),
      sender: toObjectId(message.sender),
      receiver: toObjectId(message.receiver),
      text: message.text,
      clientMsgId: message.clientMsgId,
      createdAt: now,
    };
    try {
      await this.messages.collection.insertOne({ ...record });
      return { record, created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const first = await this.findBySenderAndClientMsgId(message.sender, message.clientMsgId);
      if (!first) throw error;
      return { record: first, created: false };
    }
  }

  /**
   * One acknowledged, unordered write for a batch of the chat's work (what group commit batches): stores the new
   * messages and sets `deliveredAt` to `at` on the delivered ones not yet marked. A new message whose sender already
   * stored its `clientMsgId` stores nothing and gets the first record back, as with `insert`; `stored` keeps the
   * order of `messages`. `delivered` holds the ids this call marked (`at` must be unique to the call, so that a
   * concurrent marker's messages are never claimed).
   */
  async writeBatch(
    messages: readonly NewMessage[],
    deliveries: readonly string[],
    at: Date,
    now = new Date(),
  ): Promise<{ stored: StoredMessage[]; delivered: Set<string> }> {
    const records: MessageRecord[] = messages.map((message) => ({
      _id: new Types.ObjectId(),
      conversationId: conversationIdOf(message.sender, message.receiver),
      sender: toObjectId(message.sender),
      receiver: toObjectId(message.receiver),
      text: message.text,
      clientMsgId: message.clientMsgId,
      createdAt: now,
    }));
    const delivered = deliveries.map(toObjectId);
    if (!records.length && !delivered.length) return { stored: [], delivered: new Set() };
    // Straight to the driver: the DTO has validated the fields and the records have the schema's exact types.
    // One small statement per delivery: a statement's filter is matched against each document it updates.
    const ops: AnyBulkWriteOperation<MessageRecord>[] = [
      ...records.map((r) => ({ insertOne: { document: { ...r } } })),
      ...delivered.map((_id) => ({
        updateOne: { filter: { _id, deliveredAt: null }, update: { $set: { deliveredAt: at } } },
      })),
    ];
    let modified: number;
    const duplicates = new Set<number>();
    let failure: unknown;
    try {
      modified = (await this.messages.collection.bulkWrite(ops as never, { ordered: false })).modifiedCount;
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      for (const writeError of [error.writeErrors].flat()) {
        if (writeError.index >= records.length || !isDuplicateKeyError(writeError)) throw error;
        duplicates.add(writeError.index);
      }
      modified = error.result.modifiedCount;
      failure = error;
    }
    const stored = await Promise.all(
      records.map(async (record, i): Promise<StoredMessage> => {
        if (!duplicates.has(i)) return { record, created: true };
        const first = await this.findBySenderAndClientMsgId(messages[i].sender, messages[i].clientMsgId);
        if (!first) throw failure;
        return { record: first, created: false };
      }),
    );
    let mine: Set<string>;
    if (modified === delivered.length) mine = new Set(deliveries);
    else if (modified === 0) mine = new Set();
    else {
      const found = await this.messages.collection
        .find({ _id: { $in: delivered }, deliveredAt: at }, { projection: { _id: 1 } })
        .toArray();
      mine = new Set(found.map((d) => d._id.toHexString()));
    }
    return { stored, delivered: mine };
  }

  findBySenderAndClientMsgId(sender: string, clientMsgId: string): Promise<MessageRecord | null> {
    return this.messages
      .findOne({ sender: toObjectId(sender), clientMsgId: { $eq: clientMsgId } })
      .lean<MessageRecord>()
      .exec();
  }

  /** The message with this id, only if it belongs to the conversation. */
  findInConversation(id: string, conversationId: string): Promise<MessageRecord | null> {
    return this.messages
      .findOne({ _id: toObjectId(id), conversationId: { $eq: conversationId } })
      .lean<MessageRecord>()
      .exec();
  }

  /** Up to `limit` messages older than `before` (newest page when absent), oldest first, and whether more exist. */
  async page(
    conversationId: string,
    before: string | undefined,
    limit: number,
  ): Promise<{ records: MessageRecord[]; hasMore: boolean }> {
    const filter: Record<string, unknown> = { conversationId: { $eq: conversationId } };
    if (before) filter['_id'] = { $lt: toObjectId(before) };
    const docs = await this.messages
      .find(filter)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<MessageRecord[]>()
      .exec();
    const hasMore = docs.length > limit;
    return { records: docs.slice(0, limit).reverse(), hasMore };
  }

  /** Sets `deliveredAt` unless already set; `true` when this call set it. */
  async markDelivered(id: string, at: Date): Promise<boolean> {
    const result = await this.messages
      .updateOne({ _id: toObjectId(id), deliveredAt: null }, { $set: { deliveredAt: at } })
      .exec();
    return result.modifiedCount > 0;
  }

  /** The oldest `limit` messages to `receiver` not yet delivered. */
  async undelivered(receiver: string, limit: number): Promise<PendingMessage[]> {
    const docs = await this.messages
      .find({ receiver: toObjectId(receiver), deliveredAt: null }, { sender: 1, conversationId: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Pick<MessageRecord, '_id' | 'sender' | 'conversationId'>[]>()
      .exec();
    return docs.map((d) => ({
      id: d._id.toHexString(),
      sender: d.sender.toHexString(),
      conversationId: d.conversationId,
    }));
  }

  async markManyDelivered(ids: string[], receiver: string, at: Date): Promise<void> {
    if (!ids.length) return;
    const r = toObjectId(receiver);
    await this.messages.collection.bulkWrite(
      ids.map((id) => ({
        updateOne: {
          filter: { _id: toObjectId(id), receiver: r, deliveredAt: null },
          update: { $set: { deliveredAt: at } },
        },
      })),
      { ordered: false },
    );
  }

  /** Marks read every message to `reader` in the conversation up to and including `upTo`; returns how many. */
  async markRead(conversationId: string, reader: string, upTo: string, at: Date): Promise<number> {
    const result = await this.messages
      .updateMany(
        {
          receiver: toObjectId(reader),
          conversationId: { $eq: conversationId },
          readAt: null,
          _id: { $lte: toObjectId(upTo) },
        },
        { $set: { readAt: at } },
      )
      .exec();
    return result.modifiedCount;
  }

  countUnread(conversationId: string, receiver: string): Promise<number> {
    return this.messages
      .countDocuments({
        receiver: toObjectId(receiver),
        conversationId: { $eq: conversationId },
        readAt: null,
      })
      .exec();
  }
}
