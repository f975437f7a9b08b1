import { Injectable, Logger } from '@nestjs/common';
import {
  MessageCreatedEvent,
  MessageReadEvent,
  OnDomainEvent,
  UserBlockedEvent,
  UserRegisteredEvent,
} from '@chat/api/util';
import { AuditEntry, AuditLogService } from './audit-log.service';

/** Records the core's domain events. A failed write is logged and never affects the core. */
@Injectable()
export class AuditLogListener {
  private readonly logger = new Logger(AuditLogListener.name);

  constructor(private readonly log: AuditLogService) {}

  @OnDomainEvent('user.registered')
  onUserRegistered(event: UserRegisteredEvent): Promise<void> {
    return this.save({
      event: 'user.registered',
      at: event.at,
      actor: event.userId,
      data: { username: event.username },
    });
  }

  @OnDomainEvent('message.created')
  onMessageCreated(event: MessageCreatedEvent): Promise<void> {
    const { message } = event;
    return this.save({
      event: 'message.created',
      at: new Date(message.createdAt),
      actor: message.sender,
      subject: message.receiver,
      data: { messageId: message.id, conversationId: message.conversationId },
    });
  }

  @OnDomainEvent('message.read')
  onMessageRead(event: MessageReadEvent): Promise<void> {
    return this.save({
      event: 'message.read',
      at: event.readAt,
      actor: event.reader,
      subject: event.peer,
      data: { upTo: event.upTo, count: event.count },
    });
  }

  @OnDomainEvent('user.blocked')
  onUserBlocked(event: UserBlockedEvent): Promise<void> {
    return this.save({ event: 'user.blocked', at: event.at, actor: event.blocker, subject: event.blocked });
  }

  private async save(entry: AuditEntry): Promise<void> {
    try {
      await this.log.record(entry);
    } catch (error) {
      this.logger.error(error);
    }
  }
}
