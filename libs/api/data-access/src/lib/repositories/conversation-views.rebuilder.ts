import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isDeepStrictEqual } from 'node:util';
import { Model } from 'mongoose';
import type { MessageRecord, UserRecord } from '../mappers/records';
import { toMessage, toUser } from '../mappers/to-contract';
import { ConversationViewEntity, PeerSnapshot } from '../schemas/conversation-view.schema';
import { MessageEntity } from '../schemas/message.schema';
import { UserEntity } from '../schemas/user.schema';

export interface RebuildReport {
  conversations: number;
  /** Rows whose content changed (or that were missing). */
  repaired: number;
  /** Rows of conversations without any message, removed. */
  removed: number;
}

type ViewRow = Omit<ConversationViewEntity, '_id'>;

/**
 * Rebuilds `conversation_views` from `messages`, the source of truth: for each conversation, both users' rows with
 * the newest message and the receiver's unread count. The server writes a message before its summaries, so a crash
 * between the two can leave a row behind its messages; this puts it right. Meant for maintenance with the server
 * stopped (a message stored meanwhile could be counted twice or not at all); every step is idempotent.
 */
@Injectable()
export class ConversationViewsRebuilder {
  constructor(
    @InjectModel(MessageEntity.name) private readonly messages: Model<MessageEntity>,
    @InjectModel(UserEntity.name) private readonly users: Model<UserEntity>,
    @InjectModel(ConversationViewEntity.name) private readonly views: Model<ConversationViewEntity>,
  ) {}

  /** Every conversation that has messages, and removes rows of conversations that have none. */
  async rebuildAll(onProgress?: (report: RebuildReport) => void): Promise<RebuildReport> {
    const ids = (await this.messages.collection.distinct('conversationId')) as string[];
    const report: RebuildReport = { conversations: 0, repaired: 0, removed: 0 };
    for (const conversationId of ids) {
      report.repaired += await this.rebuild(conversationId);
      report.conversations++;
      if (onProgress && report.conversations % 1000 === 0) onProgress({ ...report });
    }
    const orphans = await this.views.collection.deleteMany({ conversationId: { $nin: ids } });
    report.removed = orphans.deletedCount;
    return report;
  }

  /** Both rows of one conversation; returns how many changed. */
  async rebuild(conversationId: string): Promise<number> {
    const newest = (await this.messages.collection.findOne(
      { conversationId },
      { sort: { _id: -1 } },
    )) as MessageRecord | null;
    if (!newest) {
      await this.views.collection.deleteMany({ conversationId });
      return 0;
    }
    const pair = [newest.sender, newest.receiver];
    const users = (await this.users.collection
      .find({ _id: { $in: pair } })
      .toArray()) as unknown as UserRecord[];
    let changed = 0;
    for (const [owner, peer] of [pair, [...pair].reverse()]) {
      const peerUser = users.find((u) => u._id.equals(peer));
      if (!peerUser) continue; // a deleted account: nothing to show its peer
      const row: ViewRow = {
        owner,
        peer,
        peerUser: snapshot(peerUser),
        conversationId,
        lastMessage: newest,
        lastMessageId: newest._id,
        lastMessageAt: newest.createdAt,
        unreadCount: await this.messages.collection.countDocuments({
          receiver: owner,
          conversationId,
          readAt: null,
        }),
      };
      const current = (await this.views.collection.findOne({ owner, peer })) as ViewRow | null;
      if (current && sameRow(current, row)) continue;
      await this.views.collection.updateOne({ owner, peer }, { $set: row }, { upsert: true });
      changed++;
    }
    return changed;
  }
}

function snapshot(user: UserRecord): PeerSnapshot {
  return { _id: user._id, username: user.username, createdAt: user.createdAt };
}

/** Whether a stored row already says what the messages say (compared as the API would show it). */
function sameRow(a: ViewRow, b: ViewRow): boolean {
  return (
    a.unreadCount === b.unreadCount &&
    a.conversationId === b.conversationId &&
    isDeepStrictEqual(toUser(a.peerUser), toUser(b.peerUser)) &&
    isDeepStrictEqual(toMessage(a.lastMessage), toMessage(b.lastMessage)) &&
    a.lastMessageId?.equals(b.lastMessageId) === true &&
    a.lastMessageAt?.getTime() === b.lastMessageAt.getTime()
  );
}
