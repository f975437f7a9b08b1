import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEventBus } from './domain-event-bus';
import { UserBlockedEvent } from './domain-events';

describe('DomainEventBus', () => {
  it('publishes the payload under the event name', () => {
    const emitter = new EventEmitter2();
    const received: unknown[] = [];
    emitter.on('user.blocked', (payload) => received.push(payload));
    const event = new UserBlockedEvent('a', 'b', new Date());
    new DomainEventBus(emitter).publish('user.blocked', event);
    expect(received).toEqual([event]);
  });
});
