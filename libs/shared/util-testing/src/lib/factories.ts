import type { Conversation, Credentials, Message, User } from '@chat/shared/contracts';

let sequence = 0;
const next = () => ++sequence;

/** A 24-hex-digit id, shaped like a MongoDB ObjectId. */
export function anId(): string {
  return (Date.now().toString(16) + next().toString(16).padStart(8, '0')).padStart(24, '0').slice(-24);
}

/** A username that is valid under the contract and unique within a test run. */
export function aUsername(prefix = 'user'): string {
  return `${prefix}_${next()}_${Math.random().toString(36).slice(2, 8)}`.slice(0, 32);
}

export function someCredentials(overrides: Partial<Credentials> = {}): Credentials {
  return { username: aUsername(), password: 'correct horse battery', ...overrides };
}

export function aUser(overrides: Partial<User> = {}): User {
  return { id: anId(), username: aUsername(), createdAt: new Date().toISOString(), ...overrides };
}

export function aClientMsgId(): string {
  return `cmid-${next()}-${Math.random().toString(36).slice(2, 10)}`;
}

export function aMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: anId(),
    conversationId: anId(),
    sender: anId(),
    receiver: anId(),
    text: `hello ${next()}`,
    clientMsgId: aClientMsgId(),
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

export function aConversation(overrides: Partial<Conversation> = {}): Conversation {
  const peer = overrides.peer ?? aUser();
  return {
    peer,
    lastMessage: aMessage({ sender: peer.id }),
    unreadCount: 0,
    ...overrides,
  };
}
