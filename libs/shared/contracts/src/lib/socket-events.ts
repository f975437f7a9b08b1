import { Ack, AckError } from './errors';
import { Message, SendMessageRequest } from './message';

/** Socket.IO namespace of the chat; connect with `io(BASE_URL + CHAT_NAMESPACE, { auth: { token } })`. */
export const CHAT_NAMESPACE = '/chat';

/** `connect_error` message for any missing, malformed, forged or expired token. */
export const SOCKET_UNAUTHORIZED = 'unauthorized';

/** Handshake `auth` payload. */
export interface ChatHandshakeAuth {
  token: string;
}

/** Payload of `mark_read`: everything from `peer` up to and including `upTo` is read. */
export interface MarkReadRequest {
  peer: string;
  upTo: string;
}

export interface TypingRequest {
  receiver: string;
  isTyping: boolean;
}

export interface MessagesReadEvent {
  reader: string;
  peer: string;
  upTo: string;
  readAt: string;
}

export interface MessageDeliveredEvent {
  id: string;
  deliveredAt: string;
}

export interface TypingEvent {
  sender: string;
  isTyping: boolean;
}

export interface PresenceEvent {
  userId: string;
  online: boolean;
  /** When the user's last socket closed; `null` when it never has. */
  lastSeenAt: string | null;
}

/** Sent to a socket when one of its events fails and it gave no ack callback to answer through. */
export interface SocketExceptionEvent extends AckError {
  /** The client event that failed. */
  event: string;
}

export type SendMessageAck = Ack<{ message: Message }>;
export type MarkReadAck = Ack;

/** Events a client emits (SIO typed maps: the server uses them reversed). */
export interface ClientToServerEvents {
  send_message: (payload: SendMessageRequest, ack: (reply: SendMessageAck) => void) => void;
  mark_read: (payload: MarkReadRequest, ack: (reply: MarkReadAck) => void) => void;
  typing: (payload: TypingRequest) => void;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  receive_message: (message: Message) => void;
  messages_read: (event: MessagesReadEvent) => void;
  message_delivered: (event: MessageDeliveredEvent) => void;
  typing: (event: TypingEvent) => void;
  presence: (event: PresenceEvent) => void;
  exception: (event: SocketExceptionEvent) => void;
}
