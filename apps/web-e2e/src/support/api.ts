import {
  AuthResponse,
  CHAT_NAMESPACE,
  ClientToServerEvents,
  Credentials,
  Message,
  ServerToClientEvents,
} from '@chat/shared/contracts';
import { io, Socket } from 'socket.io-client';
import { baseUrl } from './browser';

/** Creates a user through the REST API (faster than the form when the form is not what a test is about). */
export async function createUser(credentials: Credentials, base = baseUrl()): Promise<AuthResponse> {
  const response = await fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: credentials.username, password: credentials.password }),
  });
  if (response.status !== 201)
    throw new Error(`register ${credentials.username}: ${response.status} ${await response.text()}`);
  return (await response.json()) as AuthResponse;
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A script's socket on /chat (no browser), e.g. to seed history. Disconnect it when done. */
export async function connectAs(accessToken: string, base = baseUrl()): Promise<ClientSocket> {
  const socket: ClientSocket = io(`${base}${CHAT_NAMESPACE}`, {
    auth: { token: accessToken },
    transports: ['websocket'],
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

export async function sendAs(socket: ClientSocket, receiver: string, text: string): Promise<Message> {
  const clientMsgId = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const reply = await socket.timeout(20_000).emitWithAck('send_message', { receiver, text, clientMsgId });
  if (!reply.ok) throw new Error(`send_message: ${reply.error.code} ${reply.error.message}`);
  return reply.message;
}
