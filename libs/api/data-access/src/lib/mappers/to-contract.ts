import type { Message, User } from '@chat/shared/contracts';
import type { MessageRecord } from './records';

/** The contract's `User`: never a hash, a token version or anything else internal. */
export function toUser(record: { _id: { toHexString(): string }; username: string; createdAt: Date }): User {
  return {
    id: record._id.toHexString(),
    username: record.username,
    createdAt: record.createdAt.toISOString(),
  };
}

/** The contract's `Message`; `deliveredAt` and `readAt` only once they happened. */
export function toMessage(record: MessageRecord): Message {
  const message: Message = {
    id: record._id.toHexString(),
    conversationId: record.conversationId,
    sender: record.sender.toHexString(),
    receiver: record.receiver.toHexString(),
    text: record.text,
    clientMsgId: record.clientMsgId,
    createdAt: record.createdAt.toISOString(),
  };
  if (record.deliveredAt) message.deliveredAt = record.deliveredAt.toISOString();
  if (record.readAt) message.readAt = record.readAt.toISOString();
  return message;
}
