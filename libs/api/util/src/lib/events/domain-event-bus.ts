import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { DomainEventName, DomainEvents } from './domain-events';

/** Publishes the typed domain events (over `@nestjs/event-emitter`). Listeners never slow or break the publisher. */
@Injectable()
export class DomainEventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  publish<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    this.emitter.emit(name, payload);
  }
}

/**
 * Subscribes a provider method to a domain event. The handler runs asynchronously after the publisher moved on,
 * and its errors are caught (the handler should log its own failures).
 */
export function OnDomainEvent<K extends DomainEventName>(name: K) {
  const decorator = OnEvent(name, { async: true, promisify: true, suppressErrors: true });
  return <R>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<(event: DomainEvents[K]) => R>,
  ): void => {
    decorator(target, key, descriptor);
  };
}
