import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AnyBulkWriteOperation, Model, Types } from 'mongoose';
import type { Conversation, User } from '@chat/shared/contracts';
import { isDuplicateKeyError } from '@chat/api/util';
import type { MessageRecord } from '../mappers/records';
import { toMessage, toUser } from '../mappers/to-contract';
import { ConversationViewEntity, PeerSnapshot } from '../schemas/conversation-view.schema';
import { toObjectId } from './object-id';

function snapshot(user: User): PeerSnapshot {
  return { _id: toObjectId(user.id), username: user.username, createdAt: new Date(user.createdAt) };
}

/**
 * Each user's conversation list: one row per user per conversation, updated after every message so that listing
 * is one indexed query however many conversations a user has.
 */
@Injectable()
export class ConversationViewsRepository {
  constructor(
    @InjectModel(ConversationViewEntity.name) private readonly views: Model<ConversationViewEntity>,
  ) {}

  /**
   * Records a new message in both users' rows: creates missing rows, counts it unread for the receiver, and makes it
   * the last message unless a newer one got there first. Returns whether the conversation is new.
   */
  async applyMessage(message: MessageRecord, sender: User, receiver: User): Promise<boolean> {
    const ops = [
      ...this.rowOps(message, message.sender, receiver, 0),
      ...this.rowOps(message, message.receiver, sender, 1),
    ];
    try {
      const result = await this.views.bulkWrite(ops, { ordered: true });
      return result.upsertedCount > 0;
    } catch (error) {
      // Two first messages of a pair raced to create the same row: the row exists now, so apply again.
      if (!isDuplicateKeyError(error)) throw error;
      await this.views.bulkWrite(ops, { ordered: true });
      return false;
    }
  }

  private rowOps(
    message: MessageRecord,
    owner: Types.ObjectId,
    peer: User,
    unread: number,
  ): AnyBulkWriteOperation<ConversationViewEntity>[] {
    const peerId = toObjectId(peer.id);
    const last = { lastMessage: message, lastMessageId: message._id, lastMessageAt: message.createdAt };
    return [
      {
        updateOne: {
          filter: { owner, peer: peerId },
          update: {
            $setOnInsert: { conversationId: message.conversationId, peerUser: snapshot(peer), ...last },
            $inc: { unreadCount: unread },
          },
          upsert: true,
        },
      },
      {
        updateOne: {
          filter: { owner, peer: peerId, lastMessageId: { $lt: message._id } },
          update: { $set: last },
        },
      },
    ];
  }

  /** The owner's conversations, newest activity first. */
  async listFor(owner: string): Promise<Conversation[]> {
    const rows = await this.views
      .find({ owner: toObjectId(owner) }, { peerUser: 1, lastMessage: 1, unreadCount: 1 })
      .sort({ lastMessageAt: -1 })
      .lean<Pick<ConversationViewEntity, 'peerUser' | 'lastMessage' | 'unreadCount'>[]>()
      .exec();
    return rows.map((row) => ({
      peer: toUser(row.peerUser),
      lastMessage: toMessage(row.lastMessage),
      unreadCount: row.unreadCount,
    }));
  }

  /** Ids of everyone the owner has a conversation with. */
  async peersOf(owner: string): Promise<string[]> {
    const rows = await this.views
      .find({ owner: toObjectId(owner) }, { peer: 1 })
      .lean<{ peer: Types.ObjectId }[]>()
      .exec();
    return rows.map((row) => row.peer.toHexString());
  }

  async setUnread(owner: string, peer: string, unreadCount: number): Promise<void> {
    await this.views
      .updateOne({ owner: toObjectId(owner), peer: toObjectId(peer) }, { $set: { unreadCount } })
      .exec();
  }

  /** Copies `deliveredAt` into the rows whose last message is one of these. */
  async markLastMessagesDelivered(conversationIds: string[], messageIds: string[], at: Date): Promise<void> {
    if (!messageIds.length) return;
    await this.views
      .updateMany(
        {
          conversationId: { $in: conversationIds },
          lastMessageId: { $in: messageIds.map(toObjectId) },
          'lastMessage.deliveredAt': null,
        },
        { $set: { 'lastMessage.deliveredAt': at } },
      )
      .exec();
  }

  /** Copies `readAt` into the pair's rows when their last message is to `reader` and at most `upTo`. */
  async markLastMessageRead(conversationId: string, reader: string, upTo: string, at: Date): Promise<void> {
    await this.views
      .updateMany(
        {
          conversationId: { $eq: conversationId },
          lastMessageId: { $lte: toObjectId(upTo) },
          'lastMessage.receiver': toObjectId(reader),
          'lastMessage.readAt': null,
        },
        { $set: { 'lastMessage.readAt': at } },
      )
      .exec();
  }
}
