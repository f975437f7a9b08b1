import { io, Socket } from 'socket.io-client';
import {
  CHAT_NAMESPACE,
  ClientToServerEvents,
  MarkReadAck,
  Message,
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

/** Resolves when the socket is disconnected, with the reason; rejects if it is still connected after `timeoutMs`. */
export function disconnection(socket: ChatClient, timeoutMs = WAIT_MS): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise((resolve, reject) => {
    const listener = (reason: string) => {
      clearTimeout(timer);
      resolve(reason);
    };
    const timer = setTimeout(() => {
      socket.off('disconnect', listener);
      reject(new Error(`the socket is still connected after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('disconnect', listener);
  });
}

/** The stored message of a successful ack; throws with the refusal otherwise. */
export function sent(ack: SendMessageAck): Message {
  if (!ack.ok) throw new Error(`send refused: ${ack.error.code} ${ack.error.message}`);
  return ack.message;
}

/** Any event (typed or not) with its ack, for payloads the typed API would not allow. */
export function emitRaw(
  socket: ChatClient,
  event: string,
  payload: unknown,
  timeoutMs = WAIT_MS,
): Promise<unknown> {
  return (
    socket.timeout(timeoutMs) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> }
  ).emitWithAck(event, payload);
}

let packetAckId = 1_000_000;

/**
 * Sends a hand-written Socket.IO event packet, `[event, ...payloadJson]`, and resolves with its ack: for payloads
 * no client library would encode (deeper than `JSON.stringify` goes, duplicate keys, `__proto__` keys).
 */
export function emitPacket(
  socket: ChatClient,
  event: string,
  payloadJson: string,
  timeoutMs = WAIT_MS,
): Promise<unknown> {
  const id = packetAckId++;
  const engine = socket.io.engine;
  const ackPrefix = `3${CHAT_NAMESPACE},${id}[`;
  return new Promise((resolve, reject) => {
    const onMessage = (data: unknown) => {
      if (typeof data !== 'string' || !data.startsWith(ackPrefix)) return;
      finish();
      resolve(JSON.parse(data.slice(ackPrefix.length - 1))[0]);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no ack for the ${event} packet`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      engine.off('message', onMessage);
    };
    engine.on('message', onMessage);
    const args = payloadJson === '' ? '' : `,${payloadJson}`;
    sendPacket(socket, `2${CHAT_NAMESPACE},${id}[${JSON.stringify(event)}${args}]`);
  });
}

/** Sends a raw Socket.IO packet (`2/chat,[...]` and the like) over the socket's connection. */
export function sendPacket(socket: ChatClient, packet: string): void {
  (socket.io.engine as unknown as { send(data: string): void }).send(packet);
}
