import { Injectable } from '@nestjs/common';
import type { ServerToClientEvents } from '@chat/shared/contracts';
import { ChatNamespace, userRoom } from './chat-socket';

type EventName = keyof ServerToClientEvents;

/** How long a shutdown waits for the sockets' last writes. */
const FLUSH_TIMEOUT_MS = 5000;

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

  /**
   * Closes every socket and resolves once each connection has written what it had queued (acks included) and
   * closed, or after `flushTimeoutMs`: the server's own close right after would otherwise discard those writes.
   */
  async disconnectAll(flushTimeoutMs = FLUSH_TIMEOUT_MS): Promise<void> {
    if (!this.namespace) return;
    const closed = [...this.namespace.sockets.values()]
      .map((socket) => socket.conn)
      .filter((conn) => conn.readyState !== 'closed')
      .map((conn) => new Promise<void>((resolve) => conn.once('close', () => resolve())));
    this.namespace.disconnectSockets(true);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(closed),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, flushTimeoutMs))),
    ]);
    clearTimeout(timer);
  }
}
