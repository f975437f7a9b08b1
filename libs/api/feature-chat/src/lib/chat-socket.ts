import type { Namespace, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, User } from '@chat/shared/contracts';
import type { AuthenticatedUser } from '@chat/api/util';

/** What an authenticated socket carries in `socket.data`. */
export interface ChatSocketData {
  user: AuthenticatedUser;
  profile: User;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoServerEvents = {};

export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, NoServerEvents, ChatSocketData>;
export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  NoServerEvents,
  ChatSocketData
>;

/** The room of every socket of a user. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}
