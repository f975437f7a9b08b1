import { createServer, Server as HttpServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Server, Socket } from 'socket.io';
import {
  CHAT_NAMESPACE,
  ClientToServerEvents,
  LIMITS,
  MarkReadRequest,
  Message,
  SendMessageAck,
  SendMessageRequest,
  ServerToClientEvents,
  SOCKET_UNAUTHORIZED,
  TypingRequest,
} from '@chat/shared/contracts';
import { conversationIdOf } from '../lib/ids';

interface RelayData {
  userId: string;
}

type RelaySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, RelayData>;

export interface Relay {
  url: string;
  close(): Promise<void>;
}

/**
 * The ceiling the server is measured against: Socket.IO on `/chat` with the contract's event names and ack
 * shapes, and nothing else. No authentication (the handshake token is taken as the user id), no validation, no
 * storage: a map from user id to that user's sockets.
 */
export async function startRelay(port = 0, host = '127.0.0.1'): Promise<Relay> {
  const http: HttpServer = createServer((req, res) => {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/health' ? '{"status":"ok"}' : '{}');
  });
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, RelayData>(http, {
    serveClient: false,
    maxHttpBufferSize: LIMITS.maxPayloadBytes,
  });
  const chat = io.of(CHAT_NAMESPACE);
  const sockets = new Map<string, Set<RelaySocket>>();
  let seq = 0;

  const emitTo = <E extends keyof ServerToClientEvents>(
    userId: string,
    except: RelaySocket | null,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): number => {
    let reached = 0;
    for (const s of sockets.get(userId) ?? []) {
      if (s === except) continue;
      s.emit(event, ...args);
      reached++;
    }
    return reached;
  };

  chat.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.['token'];
    if (typeof token !== 'string' || !token) return next(new Error(SOCKET_UNAUTHORIZED));
    socket.data.userId = token;
    next();
  });

  chat.on('connection', (socket: RelaySocket) => {
    const me = socket.data.userId;
    let mine = sockets.get(me);
    if (!mine) sockets.set(me, (mine = new Set()));
    mine.add(socket);
    socket.on('disconnect', () => {
      mine.delete(socket);
      if (!mine.size) sockets.delete(me);
    });

    socket.on('send_message', (payload: SendMessageRequest, ack: (reply: SendMessageAck) => void) => {
      const now = new Date().toISOString();
      const message: Message = {
        id: (++seq).toString(16).padStart(24, '0'),
        conversationId: conversationIdOf(me, payload.receiver),
        sender: me,
        receiver: payload.receiver,
        text: payload.text,
        clientMsgId: payload.clientMsgId,
        createdAt: now,
      };
      if (typeof ack === 'function') ack({ ok: true, message });
      const reached = emitTo(payload.receiver, null, 'receive_message', message);
      emitTo(me, socket, 'receive_message', message);
      if (reached > 0) emitTo(me, null, 'message_delivered', { id: message.id, deliveredAt: now });
    });

    socket.on('mark_read', (payload: MarkReadRequest, ack) => {
      const event = { reader: me, peer: payload.peer, upTo: payload.upTo, readAt: new Date().toISOString() };
      if (typeof ack === 'function') ack({ ok: true });
      emitTo(me, null, 'messages_read', event);
      emitTo(payload.peer, null, 'messages_read', event);
    });

    socket.on('typing', (payload: TypingRequest) => {
      emitTo(payload.receiver, null, 'typing', { sender: me, isTyping: payload.isTyping });
    });
  });

  await new Promise<void>((resolve) => http.listen(port, host, resolve));
  const address = http.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
