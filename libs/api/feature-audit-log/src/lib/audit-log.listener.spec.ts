import { Test } from '@nestjs/testing';
import { aMessage, anId } from '@chat/shared/util-testing';
import { MessageCreatedEvent, MessageReadEvent, UserBlockedEvent, UserRegisteredEvent } from '@chat/api/util';
import { AuditLogListener } from './audit-log.listener';
import { AuditLogService } from './audit-log.service';

describe('AuditLogListener', () => {
  const record = jest.fn();
  let listener: AuditLogListener;

  beforeEach(async () => {
    record.mockReset().mockResolvedValue(undefined);
    const moduleRef = await Test.createTestingModule({
      providers: [AuditLogListener, { provide: AuditLogService, useValue: { record } }],
    }).compile();
    listener = moduleRef.get(AuditLogListener);
  });

  it('records registrations', async () => {
    const at = new Date();
    const userId = anId();
    await listener.onUserRegistered(new UserRegisteredEvent(userId, 'alice', at));
    expect(record).toHaveBeenCalledWith({
      event: 'user.registered',
      at,
      actor: userId,
      data: { username: 'alice' },
    });
  });

  it('records messages by id, never their text', async () => {
    const message = aMessage({ text: 'top secret text' });
    await listener.onMessageCreated(new MessageCreatedEvent(message));
    const entry = record.mock.calls[0][0];
    expect(entry).toMatchObject({
      event: 'message.created',
      actor: message.sender,
      subject: message.receiver,
      data: { messageId: message.id, conversationId: message.conversationId },
    });
    expect(JSON.stringify(entry)).not.toContain('top secret text');
  });

  it('records reads and blocks', async () => {
    const [a, b, m] = [anId(), anId(), anId()];
    const at = new Date();
    await listener.onMessageRead(new MessageReadEvent(a, b, m, at, 4));
    await listener.onUserBlocked(new UserBlockedEvent(a, b, at));
    expect(record).toHaveBeenCalledWith({
      event: 'message.read',
      at,
      actor: a,
      subject: b,
      data: { upTo: m, count: 4 },
    });
    expect(record).toHaveBeenCalledWith({ event: 'user.blocked', at, actor: a, subject: b });
  });

  it('logs a failed write and never throws back at the core', async () => {
    record.mockRejectedValue(new Error('db down'));
    jest
      .spyOn((listener as unknown as { logger: { error: () => void } }).logger, 'error')
      .mockImplementation();
    await expect(
      listener.onUserBlocked(new UserBlockedEvent(anId(), anId(), new Date())),
    ).resolves.toBeUndefined();
  });
});
