import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import {
  AuthResponse,
  CHAT_NAMESPACE,
  ClientToServerEvents,
  SendMessageAck,
  ServerToClientEvents,
  User,
} from '@chat/shared/contracts';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventPayload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** How long a test waits for something that must happen (a hang guard, not a timing assertion). */
export const WAIT_MS = 15_000;

export interface TestUser {
  user: User;
  username: string;
  password: string;
  accessToken: string;
}

/** Registers a new user through `baseUrl`. */
export async function registerUser(baseUrl: string, prefix: string): Promise<TestUser> {
  const username = `${prefix}_${randomBytes(5).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 201) throw new Error(`register: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as AuthResponse;
  return { user: body.user, username, password, accessToken: body.accessToken };
}

export function login(baseUrl: string, username: string, password: string): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** Opens sockets with the official client and closes them all at the end. */
export class SocketPool {
  private readonly sockets: ChatClient[] = [];

  /**
   * A connected socket on `baseUrl`. `reconnect`: Socket.IO's own reconnection (as the web app uses), for
   * failover through the balancer. `before` runs before connecting, to listen for events sent at connection.
   */
  connect(
    baseUrl: string,
    token: string,
    options: { reconnect?: boolean; before?: (socket: ChatClient) => void } = {},
  ): Promise<ChatClient> {
    const socket: ChatClient = io(`${baseUrl}${CHAT_NAMESPACE}`, {
      auth: { token },
      forceNew: true,
      transports: ['websocket'],
      reconnection: options.reconnect ?? false,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    this.sockets.push(socket);
    options.before?.(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => {
        if (!options.reconnect) socket.close();
        reject(error);
      });
    });
  }

  closeAll(): void {
    for (const socket of this.sockets.splice(0)) socket.close();
  }
}

/** The next `event` on the socket that satisfies `predicate`, within `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ChatClient,
  event: E,
  predicate: (payload: EventPayload<E>) => boolean = () => true,
  timeoutMs = WAIT_MS,
): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${String(event)} event arrived within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: EventPayload<E>) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** `send_message` with its ack. */
export function send(
  socket: ChatClient,
  receiver: string,
  text: string,
  clientMsgId = `c-${randomBytes(8).toString('hex')}`,
  timeoutMs = WAIT_MS,
): Promise<SendMessageAck> {
  return socket.timeout(timeoutMs).emitWithAck('send_message', { receiver, text, clientMsgId });
}

/** Resolves when the socket disconnects, with the reason. */
export function disconnection(socket: ChatClient): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** GET with the user's bearer token. */
export async function getJson<T>(baseUrl: string, path: string, token: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Polls `check` until it holds: for state with no event to await (health, a process's view of Redis). */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((wait) => setTimeout(wait, 100));
  }
}
