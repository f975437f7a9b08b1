import { Injectable } from '@nestjs/common';
import type { ServerToClientEvents } from '@chat/shared/contracts';
import { ChatNamespace, userRoom } from './chat-socket';

type EventName = keyof ServerToClientEvents;

/** Sends server events to users' rooms (every socket of a user, on any instance sharing the adapter). */
@Injectable()
export class ChatNotifier {
  private namespace?: ChatNamespace;

  attach(namespace: ChatNamespace): void {
    this.namespace = namespace;
  }

  /** Emits to every socket of the users, except the socket `exceptSocketId`. */
  toUsers<E extends EventName>(
    userIds: readonly string[],
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
    exceptSocketId?: string,
  ): void {
    if (!this.namespace || userIds.length === 0) return;
    const rooms = userIds.map(userRoom);
    const target = exceptSocketId
      ? this.namespace.to(rooms).except(exceptSocketId)
      : this.namespace.to(rooms);
    (target.emit as (event: E, payload: unknown) => boolean)(event, payload);
  }

  /** Emits to one socket. */
  toSocket<E extends EventName>(
    socketId: string,
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void {
    if (!this.namespace) return;
    (this.namespace.to(socketId).emit as (event: E, payload: unknown) => boolean)(event, payload);
  }

  /** Closes every socket of the user. */
  disconnectUser(userId: string): void {
    this.namespace?.in(userRoom(userId)).disconnectSockets(true);
  }

  /** Closes every socket. */
  disconnectAll(): void {
    this.namespace?.disconnectSockets(true);
  }
}
