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

type ViewOp = AnyBulkWriteOperation<ConversationViewEntity>;

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
   * One ordered write for a batch of the chat's work (what group commit batches): records the new messages in both
   * users' rows (creates missing rows, counts each message unread for its receiver, and makes the newest the last
   * message unless a newer one got there first) and copies `deliveredAt` into the rows whose last message was just
   * delivered. Returns, in order, whether each new message started its conversation.
   *
   * One statement per row of each conversation of the batch: it makes the batch's newest message the row's last one
   * and adds the row's new unread messages, creating the row if it is missing. When the row exists with a newer last
   * message (a concurrent writer got there first) the statement's upsert collides with the row on the unique
   * `(owner, peer)` index; the write then resumes at that statement with only the unread count left to add.
   */
  async applyBatch(
    entries: ReadonlyArray<{ message: MessageRecord; sender: User; receiver: User }>,
    delivered: ReadonlyArray<{ id: string; conversationId: string }> = [],
    at?: Date,
  ): Promise<boolean[]> {
    const byConversation = new Map<string, number[]>();
    entries.forEach(({ message }, i) => {
      const list = byConversation.get(message.conversationId);
      if (list) list.push(i);
      else byConversation.set(message.conversationId, [i]);
    });
    const ops: ViewOp[] = [];
    const fallbacks: (ViewOp | null | undefined)[] = [];
    const upsertOwner: number[] = []; // op index -> the entry whose conversation it may create
    for (const indices of byConversation.values()) {
      indices.sort((x, y) =>
        entries[x].message._id.toHexString() < entries[y].message._id.toHexString() ? -1 : 1,
      );
      const first = entries[indices[0]];
      const newest = entries[indices[indices.length - 1]].message;
      const last = { lastMessage: newest, lastMessageId: newest._id, lastMessageAt: newest.createdAt };
      for (const [owner, peer] of [
        [first.sender, first.receiver],
        [first.receiver, first.sender],
      ]) {
        const unread = indices.filter((i) => entries[i].receiver.id === owner.id).length;
        const row = { owner: toObjectId(owner.id), peer: toObjectId(peer.id) };
        upsertOwner[ops.length] = indices[0];
        fallbacks[ops.length] = unread
          ? { updateOne: { filter: row, update: { $inc: { unreadCount: unread } } } }
          : null;
        ops.push({
          updateOne: {
            filter: { ...row, lastMessageId: { $lt: newest._id } },
            update: {
              $set: last,
              $setOnInsert: { conversationId: newest.conversationId, peerUser: snapshot(peer) },
              $inc: { unreadCount: unread },
            },
            upsert: true,
          },
        });
      }
    }
    if (delivered.length && at) ops.push(...deliveredOps(delivered, at));
    const upserted = await this.write(ops, fallbacks);
    const started = new Set([...upserted].map((op) => upsertOwner[op]));
    return entries.map((_, i) => started.has(i));
  }

  /**
   * Runs an ordered bulk write straight through the driver (every value already has the schema's exact type). On a
   * duplicate key it resumes at the failed statement, replaced by its fallback (`null`: dropped; none: retried as
   * is, the row it raced to create existing now). Returns the indexes of the statements that upserted.
   */
  private async write(ops: ViewOp[], fallbacks: (ViewOp | null | undefined)[] = []): Promise<Set<number>> {
    const upserted = new Set<number>();
    const pending = ops.map((op, i) => ({ op, i }));
    let from = 0;
    for (let attempt = 0; from < pending.length; attempt++) {
      const slice = pending.slice(from);
      try {
        const result = await this.views.collection.bulkWrite(slice.map((p) => p.op) as never, {
          ordered: true,
        });
        for (const index of Object.keys(result.upsertedIds)) upserted.add(slice[Number(index)].i);
        break;
      } catch (error) {
        if (
          !(error instanceof MongoBulkWriteError) ||
          !isDuplicateKeyError(error) ||
          attempt >= ops.length + 3
        )
          throw error;
        const failedAt = [error.writeErrors].flat()[0]?.index;
        if (failedAt === undefined) throw error;
        for (const index of Object.keys(error.result.upsertedIds)) upserted.add(slice[Number(index)].i);
        from += failedAt;
        const failed = pending[from];
        const fallback = fallbacks[failed.i];
        if (fallback === null) from++;
        else if (fallback) {
          failed.op = fallback;
          fallbacks[failed.i] = undefined;
        }
      }
    }
    return upserted;
  }

  /**
   * The owner's conversations, newest activity first. Whole rows, straight from the driver: a row is small, and a
   * projection costs the embedded engine more per row than the few fields it would leave out.
   */
  async listFor(owner: string): Promise<Conversation[]> {
    const rows = await this.views.collection
      .find({ owner: toObjectId(owner) })
      .sort({ lastMessageAt: -1 })
      .toArray();
    return rows.map((row) => ({
      peer: toUser(row['peerUser'] as PeerSnapshot),
      lastMessage: toMessage(row['lastMessage'] as MessageRecord),
      unreadCount: row['unreadCount'] as number,
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
  async markLastMessagesDelivered(
    messages: ReadonlyArray<{ id: string; conversationId: string }>,
    at: Date,
  ): Promise<void> {
    if (messages.length) await this.write(deliveredOps(messages, at));
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

/**
 * Statements copying `deliveredAt` into the rows whose last message is one of `messages`: one small statement per
 * conversation (a statement's filter is matched against each row it touches, so it is kept short).
 */
function deliveredOps(
  messages: ReadonlyArray<{ id: string; conversationId: string }>,
  at: Date,
): AnyBulkWriteOperation<ConversationViewEntity>[] {
  const byConversation = new Map<string, Types.ObjectId[]>();
  for (const m of messages) {
    const ids = byConversation.get(m.conversationId);
    if (ids) ids.push(toObjectId(m.id));
    else byConversation.set(m.conversationId, [toObjectId(m.id)]);
  }
  return [...byConversation].map(([conversationId, ids]) => ({
    updateMany: {
      filter: {
        conversationId,
        lastMessageId: ids.length === 1 ? ids[0] : { $in: ids },
        'lastMessage.deliveredAt': null,
      },
      update: { $set: { 'lastMessage.deliveredAt': at } },
    },
  }));
}
