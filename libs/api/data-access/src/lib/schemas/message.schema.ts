import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/** `messages`: one message; ids are ObjectIds, so `_id` order is send order within a conversation. */
@Schema({ collection: 'messages', versionKey: false })
export class MessageEntity {
  _id!: Types.ObjectId;

  /** The pair's deterministic id (see `conversationIdOf`). */
  @Prop({ required: true })
  conversationId!: string;

  @Prop({ required: true, type: Types.ObjectId })
  sender!: Types.ObjectId;

  @Prop({ required: true, type: Types.ObjectId })
  receiver!: Types.ObjectId;

  @Prop({ required: true })
  text!: string;

  @Prop({ required: true })
  clientMsgId!: string;

  @Prop({ required: true })
  createdAt!: Date;

  @Prop()
  deliveredAt?: Date;

  @Prop()
  readAt?: Date;
}

export const MessageSchema = SchemaFactory.createForClass(MessageEntity);
/** History pages: newest first within a conversation. */
MessageSchema.index({ conversationId: 1, _id: -1 });
/** Idempotent retries: a sender's clientMsgId is stored once. */
MessageSchema.index({ sender: 1, clientMsgId: 1 }, { unique: true });
/** Unread counts and read marking per receiver and conversation. */
MessageSchema.index({ receiver: 1, conversationId: 1, readAt: 1 });
/** Offline delivery: a receiver's messages not yet delivered. */
MessageSchema.index({ receiver: 1, deliveredAt: 1 });
