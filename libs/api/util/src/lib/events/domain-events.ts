import type { Message } from '@chat/shared/contracts';

/** A user account was created. */
export class UserRegisteredEvent {
  constructor(
    readonly userId: string,
    readonly username: string,
    readonly at: Date,
  ) {}
}

/** A message was stored (published once per message, never for an idempotent retry). */
export class MessageCreatedEvent {
  constructor(readonly message: Message) {}
}

/** `reader` read the messages `peer` sent them, up to and including `upTo`. */
export class MessageReadEvent {
  constructor(
    readonly reader: string,
    readonly peer: string,
    readonly upTo: string,
    readonly readAt: Date,
    /** How many messages this call marked read. */
    readonly count: number,
  ) {}
}

/** `blocker` blocked `blocked`. */
export class UserBlockedEvent {
  constructor(
    readonly blocker: string,
    readonly blocked: string,
    readonly at: Date,
  ) {}
}

/** `blocker` lifted a block of `blocked`. */
export class UserUnblockedEvent {
  constructor(
    readonly blocker: string,
    readonly blocked: string,
    readonly at: Date,
  ) {}
}

/** Every access token of the user stopped working (logout-all); their open sockets must close. */
export class SessionsRevokedEvent {
  constructor(
    readonly userId: string,
    readonly at: Date,
  ) {}
}

/**
 * The domain events of the core, by name. Extensions subscribe with `@OnDomainEvent(name)` and receive the payload
 * class listed here; the core publishes them through `DomainEventBus`.
 */
export interface DomainEvents {
  'user.registered': UserRegisteredEvent;
  'message.created': MessageCreatedEvent;
  'message.read': MessageReadEvent;
  'user.blocked': UserBlockedEvent;
  'user.unblocked': UserUnblockedEvent;
  'auth.sessions_revoked': SessionsRevokedEvent;
}

export type DomainEventName = keyof DomainEvents;
