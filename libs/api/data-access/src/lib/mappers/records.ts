import type { Types } from 'mongoose';

/** A `users` document as read from the database. */
export interface UserRecord {
  _id: Types.ObjectId;
  username: string;
  passwordHash: string;
  tokenVersion: number;
  createdAt: Date;
  lastSeenAt?: Date | null;
}

/** A `messages` document as read from the database (and as embedded in a conversation view). */
export interface MessageRecord {
  _id: Types.ObjectId;
  conversationId: string;
  sender: Types.ObjectId;
  receiver: Types.ObjectId;
  text: string;
  clientMsgId: string;
  createdAt: Date;
  deliveredAt?: Date | null;
  readAt?: Date | null;
}
