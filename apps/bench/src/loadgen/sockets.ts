import { io, Socket } from 'socket.io-client';
import { CHAT_NAMESPACE, ClientToServerEvents, ServerToClientEvents } from '@chat/shared/contracts';
import { pool } from './http';
import type { Target } from './protocol';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * One socket of its own per user (`forceNew`: no multiplexing of users over one connection), WebSocket only,
 * no reconnection: a dropped socket must show up as lost messages, not be hidden by a retry.
 */
export function connect(target: Target, token: string): Promise<ChatSocket> {
  const socket: ChatSocket = io(target.url + CHAT_NAMESPACE, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: 30_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function connectAll(
  target: Target,
  tokens: readonly string[],
  concurrency: number,
): Promise<ChatSocket[]> {
  return pool(tokens, concurrency, (token) => connect(target, token));
}

export function closeAll(sockets: readonly ChatSocket[]): void {
  for (const s of sockets) s.close();
}
