import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MongoBulkWriteError } from 'mongodb';
import { Model, Types } from 'mongoose';
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
   * Stores many messages with one acknowledged, unordered write (what group commit batches). A message whose sender
   * already stored its `clientMsgId` stores nothing and gets the first record back, as with `insert`; results keep
   * the order of the input.
   */
  async insertMany(messages: readonly NewMessage[], now = new Date()): Promise<StoredMessage[]> {
    const records: MessageRecord[] = messages.map((message) => ({
      _id: new Types.ObjectId(),
      conversationId: conversationIdOf(message.sender, message.receiver),
      sender: toObjectId(message.sender),
      receiver: toObjectId(message.receiver),
      text: message.text,
      clientMsgId: message.clientMsgId,
      createdAt: now,
    }));
    if (!records.length) return [];
    try {
      // Straight to the driver: the DTO has validated the fields and the records have the schema's exact types.
      await this.messages.collection.insertMany(
        records.map((r) => ({ ...r })),
        { ordered: false },
      );
      return records.map((record) => ({ record, created: true }));
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const failed = new Set<number>();
      for (const writeError of [error.writeErrors].flat()) {
        if (!isDuplicateKeyError(writeError)) throw error;
        failed.add(writeError.index);
      }
      return Promise.all(
        records.map(async (record, i) => {
          if (!failed.has(i)) return { record, created: true };
          const first = await this.findBySenderAndClientMsgId(messages[i].sender, messages[i].clientMsgId);
          if (!first) throw error;
          return { record: first, created: false };
        }),
      );
    }
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

  /**
   * Sets `deliveredAt` to `at` on those of the messages not yet delivered, in one write, and returns the ids this
   * call set (`at` must be unique to the call, so that a concurrent marker's messages are never claimed).
   */
  async markDeliveredMany(ids: readonly string[], at: Date): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const oids = ids.map(toObjectId);
    // One small statement per message: a statement's filter is matched against each document it updates.
    const result = await this.messages.collection.bulkWrite(
      oids.map((_id) => ({
        updateOne: { filter: { _id, deliveredAt: null }, update: { $set: { deliveredAt: at } } },
      })),
      { ordered: false },
    );
    if (result.modifiedCount === ids.length) return new Set(ids);
    if (result.modifiedCount === 0) return new Set();
    const mine = await this.messages.collection
      .find({ _id: { $in: oids }, deliveredAt: at }, { projection: { _id: 1 } })
      .toArray();
    return new Set(mine.map((d) => d._id.toHexString()));
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
