import type { AckErrorCode, Message } from '@chat/shared/contracts';

/** Why a send failed: an ack error of the contract, or a local one (no ack in time). */
export interface SendFailure {
  code: AckErrorCode | 'TIMEOUT';
  message: string;
}

/**
 * A message as the client holds it: a stored `Message`, or an optimistic one not yet acknowledged (`id` null).
 * `key` (sender + clientMsgId) stays the same from the optimistic copy to the stored one.
 */
export interface ChatMessage extends Omit<Message, 'id' | 'conversationId'> {
  id: string | null;
  conversationId: string | null;
  key: string;
  failure: SendFailure | null;
}

export type MessageStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

export function messageKey(message: Pick<Message, 'sender' | 'clientMsgId'>): string {
  return `${message.sender}:${message.clientMsgId}`;
}

export function fromStored(message: Message): ChatMessage {
  return { ...message, key: messageKey(message), failure: null };
}

export function messageStatus(message: ChatMessage): MessageStatus {
  if (message.failure) return 'failed';
  if (!message.id) return 'sending';
  if (message.readAt) return 'read';
  if (message.deliveredAt) return 'delivered';
  return 'sent';
}

/** Ids are MongoDB ObjectIds: hex of the same length, so string order follows creation order. */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stored messages by time then id; optimistic ones after them, in the order they were written. */
export function compareMessages(a: ChatMessage, b: ChatMessage): number {
  if (!a.id !== !b.id) return a.id ? -1 : 1;
  const byTime = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (byTime !== 0) return byTime;
  if (a.id && b.id) return compareIds(a.id, b.id);
  return 0;
}

/** True when the message with `id` was created at or before the message `upTo`. */
export function isAtOrBefore(id: string, upTo: string): boolean {
  return compareIds(id, upTo) <= 0;
}

/**
 * Merges stored messages into a list: one entry per message (by sender + clientMsgId, so an acknowledged
 * message replaces its optimistic copy), receipts never lost, the result in order.
 */
export function mergeMessages(existing: readonly ChatMessage[], incoming: readonly Message[]): ChatMessage[] {
  if (incoming.length === 0) return [...existing];
  const byKey = new Map(existing.map((message) => [message.key, message]));
  for (const message of incoming) {
    const key = messageKey(message);
    const held = byKey.get(key);
    byKey.set(key, {
      ...(held ?? {}),
      ...message,
      key,
      failure: null,
      deliveredAt: message.deliveredAt ?? held?.deliveredAt,
      readAt: message.readAt ?? held?.readAt,
    });
  }
  return [...byKey.values()].sort(compareMessages);
}

/** Marks `sender`'s stored messages up to `upTo` (inclusive) as read. Unchanged entries keep their identity. */
export function markReadUpTo(
  messages: readonly ChatMessage[],
  sender: string,
  upTo: string,
  readAt: string,
): ChatMessage[] {
  return messages.map((message) =>
    message.sender === sender && message.id && !message.readAt && isAtOrBefore(message.id, upTo)
      ? { ...message, readAt, deliveredAt: message.deliveredAt ?? readAt }
      : message,
  );
}

/** The newest stored message written by `sender`, if any. */
export function newestFrom(messages: readonly ChatMessage[], sender: string): ChatMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i];
    if (message.sender === sender && message.id) return message;
  }
  return undefined;
}

export function countUnread(messages: readonly ChatMessage[], peer: string): number {
  return messages.filter((message) => message.sender === peer && message.id && !message.readAt).length;
}

export interface DayGroup {
  day: string;
  /** Time of the first message of the day, for the separator's label. */
  firstAt: string;
  messages: ChatMessage[];
}

/** Groups consecutive messages by local calendar day. */
export function groupByDay(messages: readonly ChatMessage[], dayOf: (iso: string) => string): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const message of messages) {
    const day = dayOf(message.createdAt);
    const current = groups[groups.length - 1];
    if (current?.day === day) current.messages.push(message);
    else groups.push({ day, firstAt: message.createdAt, messages: [message] });
  }
  return groups;
}
