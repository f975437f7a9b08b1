/** A stored message. Times are ISO-8601 strings in UTC. */
export interface Message {
  id: string;
  conversationId: string;
  /** Always the authenticated user who sent it; a client-supplied sender is ignored. */
  sender: string;
  receiver: string;
  /** Stored and returned exactly as given: it is text, never HTML. */
  text: string;
  /** Chosen by the client; a retry with the same value stores nothing new. */
  clientMsgId: string;
  createdAt: string;
  deliveredAt?: string;
  readAt?: string;
}

/** Payload of the `send_message` socket event. */
export type SendMessageRequest = Pick<Message, 'receiver' | 'text' | 'clientMsgId'>;

/** `GET /api/messages?with=USER_ID&before=MESSAGE_ID&limit=N` */
export interface HistoryQuery {
  with: string;
  before?: string;
  limit?: number;
}

/** One page of history, oldest first; `hasMore` says whether older messages exist. */
export interface HistoryPage {
  messages: Message[];
  hasMore: boolean;
}
