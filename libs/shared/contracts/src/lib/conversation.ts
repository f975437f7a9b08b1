import { Message } from './message';
import { User } from './user';

/** One entry of `GET /api/conversations` (newest activity first). */
export interface Conversation {
  peer: User;
  lastMessage: Message;
  unreadCount: number;
}
