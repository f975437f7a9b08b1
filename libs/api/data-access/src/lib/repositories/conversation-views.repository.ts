import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MongoBulkWriteError } from 'mongodb';
import { AnyBulkWriteOperation, Model, Types } from 'mongoose';
import type { Conversation, User } from '@chat/shared/contracts';
import { isDuplicateKeyError } from '@chat/api/util';
import type { MessageRecord } from '../mappers/records';
import { toMessage, toUser } from '../mappers/to-contract';
import { ConversationViewEntity, PeerSnapshot } from '../schemas/conversation-view.schema';
import { toObjectId } from './object-id';

/** Bound of the memory of rows known to exist (forgotten all at once past it: only costs upserts). */
const KNOWN_ROWS_MAX = 100_000;

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

  /**
   * `applyMessage` for a batch of messages in one ordered write (what group commit batches); returns, in order,
   * whether each message started its conversation. Per conversation of the batch: each row that is new or gains
   * unread messages gets one upsert (`$inc` by its count), then one write makes the batch's newest message the last
   * one of both rows unless a newer one got there first. A sender's row already known to exist needs no upsert.
   * When first messages of a pair race to create the same row, the write stops at that duplicate and resumes there
   * once the row exists: what went before it is never applied twice.
   */
  async applyMessages(
    entries: ReadonlyArray<{ message: MessageRecord; sender: User; receiver: User }>,
  ): Promise<boolean[]> {
    const byConversation = new Map<string, number[]>();
    entries.forEach(({ message }, i) => {
      const list = byConversation.get(message.conversationId);
      if (list) list.push(i);
      else byConversation.set(message.conversationId, [i]);
    });
    const ops: AnyBulkWriteOperation<ConversationViewEntity>[] = [];
    const upsertOwner: number[] = []; // op index -> the entry whose conversation it may create
    const rowsTouched: string[] = [];
    for (const indices of byConversation.values()) {
      indices.sort((x, y) =>
        entries[x].message._id.toHexString() < entries[y].message._id.toHexString() ? -1 : 1,
      );
      const first = entries[indices[0]];
      const newest = entries[indices[indices.length - 1]].message;
      const last = { lastMessage: newest, lastMessageId: newest._id, lastMessageAt: newest.createdAt };
      const users = new Map<string, User>([
        [first.sender.id, first.sender],
        [first.receiver.id, first.receiver],
      ]);
      for (const [ownerId, owner] of users) {
        const peer = [...users.values()].find((u) => u !== owner) as User;
        const unread = indices.filter((i) => entries[i].receiver.id === ownerId).length;
        const key = `${ownerId}:${peer.id}`;
        if (unread === 0 && this.knownRows.has(key)) continue;
        upsertOwner[ops.length] = indices[0];
        rowsTouched.push(key);
        ops.push({
          updateOne: {
            filter: { owner: toObjectId(ownerId), peer: toObjectId(peer.id) },
            update: {
              $setOnInsert: { conversationId: newest.conversationId, peerUser: snapshot(peer), ...last },
              $inc: { unreadCount: unread },
            },
            upsert: true,
          },
        });
      }
      ops.push({
        updateMany: {
          filter: { conversationId: newest.conversationId, lastMessageId: { $lt: newest._id } },
          update: { $set: last },
        },
      });
    }
    const upserted = new Set<number>();
    let from = 0;
    for (let attempt = 0; from < ops.length; attempt++) {
      try {
        // Straight to the driver: every value already has the schema's exact type.
        const result = await this.views.collection.bulkWrite(ops.slice(from) as never, { ordered: true });
        for (const index of Object.keys(result.upsertedIds)) upserted.add(from + Number(index));
        break;
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError) || !isDuplicateKeyError(error) || attempt >= 3)
          throw error;
        const failedAt = [error.writeErrors].flat()[0]?.index;
        if (failedAt === undefined) throw error;
        for (const index of Object.keys(error.result.upsertedIds)) upserted.add(from + Number(index));
        from += failedAt;
      }
    }
    for (const key of rowsTouched) this.rememberRow(key);
    const started = new Set([...upserted].map((op) => upsertOwner[op]));
    return entries.map((_, i) => started.has(i));
  }

  /** Rows known to exist (rows are never deleted), so that a sender's row is not upserted on every message. */
  private readonly knownRows = new Set<string>();

  private rememberRow(key: string): void {
    if (this.knownRows.size >= KNOWN_ROWS_MAX) this.knownRows.clear();
    this.knownRows.add(key);
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

  /**
   * Copies `deliveredAt` into the rows whose last message is one of these: one write, one small statement per
   * conversation (a statement's filter is matched against each row it touches, so it is kept short).
   */
  async markLastMessagesDelivered(
    messages: ReadonlyArray<{ id: string; conversationId: string }>,
    at: Date,
  ): Promise<void> {
    if (!messages.length) return;
    const byConversation = new Map<string, Types.ObjectId[]>();
    for (const m of messages) {
      const ids = byConversation.get(m.conversationId);
      if (ids) ids.push(toObjectId(m.id));
      else byConversation.set(m.conversationId, [toObjectId(m.id)]);
    }
    await this.views.collection.bulkWrite(
      [...byConversation].map(([conversationId, ids]) => ({
        updateMany: {
          filter: {
            conversationId,
            lastMessageId: ids.length === 1 ? ids[0] : { $in: ids },
            'lastMessage.deliveredAt': null,
          },
          update: { $set: { 'lastMessage.deliveredAt': at } },
        },
      })),
      { ordered: false },
    );
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
