import { io, Socket } from 'socket.io-client';
import {
  CHAT_NAMESPACE,
  ClientToServerEvents,
  MarkReadAck,
  MarkReadRequest,
  SendMessageAck,
  SendMessageRequest,
  ServerToClientEvents,
} from '@chat/shared/contracts';

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long a test waits for an event that must come (a hang guard, not a timing assertion). */
const WAIT_MS = 10_000;
/** How long a test listens for an event that must not come. */
const QUIET_MS = 300;

/** Opens sockets and closes them all at the end of a suite. */
export class SocketPool {
  private readonly sockets: ChatClient[] = [];

  constructor(private readonly url: string) {}

  /** A connected socket for the token; rejects with the `connect_error`. */
  connect(
    token: string | undefined,
    options: {
      extraHeaders?: Record<string, string>;
      transports?: string[];
      /** Runs before connecting: listen here for events sent right at connection. */
      before?: (socket: ChatClient) => void;
    } = {},
  ) {
    const socket: ChatClient = io(`${this.url}${CHAT_NAMESPACE}`, {
      auth: token === undefined ? {} : { token },
      forceNew: true,
      reconnection: false,
      transports: options.transports ?? ['websocket'],
      extraHeaders: options.extraHeaders,
    });
    this.sockets.push(socket);
    options.before?.(socket);
    return new Promise<ChatClient>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });
  }

  /** The error a connection attempt fails with (fails the test if it connects). */
  async refusal(token: string | undefined, options?: Parameters<SocketPool['connect']>[1]): Promise<Error> {
    try {
      await this.connect(token, options);
    } catch (error) {
      return error as Error;
    }
    throw new Error('the connection was accepted');
  }

  closeAll(): void {
    for (const socket of this.sockets.splice(0)) socket.close();
  }
}

type EventPayload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** The next `event` on the socket that satisfies `predicate`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ChatClient,
  event: E,
  predicate: (payload: EventPayload<E>) => boolean = () => true,
): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${String(event)} event arrived`));
    }, WAIT_MS);
    const listener = (payload: EventPayload<E>) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Every `event` the socket receives until `until` settles, then a short quiet period. */
export async function collectEvents<E extends keyof ServerToClientEvents>(
  socket: ChatClient,
  event: E,
  until: () => Promise<unknown>,
): Promise<EventPayload<E>[]> {
  const received: EventPayload<E>[] = [];
  const listener = (payload: EventPayload<E>) => received.push(payload);
  socket.on(event, listener as never);
  try {
    await until();
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  } finally {
    socket.off(event, listener as never);
  }
  return received;
}

/** `send_message` with its ack. */
export function send(socket: ChatClient, payload: SendMessageRequest): Promise<SendMessageAck> {
  return socket.timeout(WAIT_MS).emitWithAck('send_message', payload);
}

export function markRead(socket: ChatClient, payload: MarkReadRequest): Promise<MarkReadAck> {
  return socket.timeout(WAIT_MS).emitWithAck('mark_read', payload);
}

/** Resolves when the socket is disconnected, with the reason. */
export function disconnection(socket: ChatClient): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}
