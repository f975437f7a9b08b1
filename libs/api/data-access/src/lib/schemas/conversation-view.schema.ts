import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';
import type { MessageRecord } from '../mappers/records';

/** A snapshot of the other user of a conversation (usernames never change). */
@Schema({ _id: false, versionKey: false })
export class PeerSnapshot {
  @Prop({ required: true, type: Types.ObjectId })
  _id!: Types.ObjectId;

  @Prop({ required: true })
  username!: string;

  @Prop({ required: true })
  createdAt!: Date;
}

/**
 * `conversation_views`: one row per user per conversation, written after each message (the message first), so
 * listing a user's conversations is one indexed query. It can always be rebuilt from `messages`.
 */
@Schema({ collection: 'conversation_views', versionKey: false })
export class ConversationViewEntity {
  _id!: Types.ObjectId;

  @Prop({ required: true, type: Types.ObjectId })
  owner!: Types.ObjectId;

  @Prop({ required: true, type: Types.ObjectId })
  peer!: Types.ObjectId;

  @Prop({ required: true, type: SchemaFactory.createForClass(PeerSnapshot) })
  peerUser!: PeerSnapshot;

  @Prop({ required: true })
  conversationId!: string;

  /** A copy of the newest message (same fields as in `messages`), kept current on delivery and read. */
  @Prop({ required: true, type: Object })
  lastMessage!: MessageRecord;

  @Prop({ required: true, type: Types.ObjectId })
  lastMessageId!: Types.ObjectId;

  @Prop({ required: true })
  lastMessageAt!: Date;

  @Prop({ required: true, default: 0 })
  unreadCount!: number;
}

export const ConversationViewSchema = SchemaFactory.createForClass(ConversationViewEntity);
ConversationViewSchema.index({ owner: 1, peer: 1 }, { unique: true });
ConversationViewSchema.index({ owner: 1, lastMessageAt: -1 });
ConversationViewSchema.index({ conversationId: 1 });
