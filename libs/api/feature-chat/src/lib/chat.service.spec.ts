import { Test } from '@nestjs/testing';
import { aMessage, aUser } from '@chat/shared/util-testing';
import { AccessTokenService } from '@chat/api/feature-auth';
import { MessageRefusedError, MessagesService } from '@chat/api/feature-messages';
import { BlocksService } from '@chat/api/feature-users';
import { AckException, MemoryRateLimiterFactory, rateLimitConfig, RateLimiterFactory } from '@chat/api/util';
import { ChatNotifier } from './chat-notifier';
import { ChatService } from './chat.service';
import type { ChatSocket } from './chat-socket';
import { PresenceService } from './presence/presence.service';

describe('ChatService', () => {
  const alice = aUser();
  const bob = aUser();
  const log: string[] = [];
  const messages = {
    send: jest.fn(),
    markDelivered: jest.fn(),
    deliverPending: jest.fn(),
    markRead: jest.fn(),
  };
  const blocks = { eitherBlocked: jest.fn() };
  const presence = {
    isOnline: jest.fn(),
    socketOpened: jest.fn(),
    socketClosed: jest.fn(),
    introduce: jest.fn(),
  };
  const notifier = {
    toUsers: jest.fn((users: string[], event: string) => log.push(`${event}->${users.join(',')}`)),
    disconnectUser: jest.fn(),
    disconnectAll: jest.fn(),
  };
  const tokens = { isCurrent: jest.fn() };
  let service: ChatService;

  function socket(id = 'socket-1', tokenExpiresAt = Date.now() + 60_000) {
    return {
      id,
      data: { user: { id: alice.id, tokenExpiresAt, tokenVersion: 0 }, profile: alice },
      join: jest.fn(),
      disconnect: jest.fn(),
      onAny: jest.fn(),
      emit: jest.fn(),
      disconnected: false,
    } as unknown as ChatSocket & {
      join: jest.Mock;
      disconnect: jest.Mock;
      onAny: jest.Mock;
      emit: jest.Mock;
    };
  }

  async function build(messagesPerSecond = 10) {
    const moduleRef = await Test.createTestingModule({
      providers: [
        ChatService,
        { provide: MessagesService, useValue: messages },
        { provide: BlocksService, useValue: blocks },
        { provide: PresenceService, useValue: presence },
        { provide: ChatNotifier, useValue: notifier },
        { provide: AccessTokenService, useValue: tokens },
        { provide: RateLimiterFactory, useClass: MemoryRateLimiterFactory },
        {
          provide: rateLimitConfig.KEY,
          useValue: {
            messagesPerSecond,
            messageBurstFactor: 3,
            failedLoginsPerMinute: 10,
            registrationsPerMinute: 10,
          },
        },
      ],
    }).compile();
    return moduleRef.get(ChatService);
  }

  beforeEach(async () => {
    log.length = 0;
    [messages, blocks, presence, notifier].forEach((m) => Object.values(m).forEach((fn) => fn.mockClear()));
    messages.send.mockReset();
    messages.markDelivered.mockReset();
    messages.deliverPending.mockReset().mockResolvedValue([]);
    tokens.isCurrent.mockReset().mockResolvedValue(true);
    blocks.eitherBlocked.mockReset().mockResolvedValue(false);
    presence.isOnline.mockReset().mockResolvedValue(true);
    presence.socketOpened.mockResolvedValue(undefined);
    presence.socketClosed.mockResolvedValue(undefined);
    presence.introduce.mockResolvedValue(undefined);
    service = await build();
  });

  describe('sendMessage', () => {
    const input = { receiver: bob.id, text: 'hi', clientMsgId: 'client-msg-1' };

    it('acks after the write, then fans out, then reports delivery to an online receiver', async () => {
      const message = aMessage({ sender: alice.id, receiver: bob.id });
      messages.send.mockImplementation(async () => {
        log.push('stored');
        return { message, receiver: bob, created: true, newConversation: false };
      });
      messages.markDelivered.mockResolvedValue('2030-01-01T00:00:00.000Z');
      const ack = jest.fn(() => log.push('ack'));
      await service.sendMessage(socket(), input, ack);
      expect(messages.send).toHaveBeenCalledWith(alice, input);
      expect(ack).toHaveBeenCalledWith({ ok: true, message });
      expect(log).toEqual([
        'stored',
        'ack',
        `receive_message->${bob.id},${alice.id}`,
        `message_delivered->${alice.id}`,
      ]);
      expect(notifier.toUsers).toHaveBeenCalledWith(
        [bob.id, alice.id],
        'receive_message',
        message,
        'socket-1',
      );
      expect(notifier.toUsers).toHaveBeenCalledWith([alice.id], 'message_delivered', {
        id: message.id,
        deliveredAt: '2030-01-01T00:00:00.000Z',
      });
    });

    it('does not mark delivered while the receiver is offline', async () => {
      presence.isOnline.mockResolvedValue(false);
      messages.send.mockResolvedValue({
        message: aMessage(),
        receiver: bob,
        created: true,
        newConversation: false,
      });
      await service.sendMessage(socket(), input, jest.fn());
      expect(messages.markDelivered).not.toHaveBeenCalled();
    });

    it('introduces the two users when the message starts a conversation', async () => {
      messages.send.mockResolvedValue({
        message: aMessage(),
        receiver: bob,
        created: true,
        newConversation: true,
      });
      await service.sendMessage(socket(), input, jest.fn());
      expect(presence.introduce).toHaveBeenCalledWith(alice.id, bob.id);
    });

    it('acks a retry with the stored message and sends nothing again', async () => {
      const message = aMessage();
      messages.send.mockResolvedValue({ message, receiver: bob, created: false, newConversation: false });
      const ack = jest.fn();
      await service.sendMessage(socket(), input, ack);
      expect(ack).toHaveBeenCalledWith({ ok: true, message });
      expect(notifier.toUsers).not.toHaveBeenCalled();
    });

    it('turns a refusal into an ack error with its code', async () => {
      messages.send.mockRejectedValue(new MessageRefusedError('BLOCKED', 'blocked'));
      const ack = jest.fn();
      const error = await service.sendMessage(socket(), input, ack).catch((e) => e);
      expect(error).toBeInstanceOf(AckException);
      expect(error.code).toBe('BLOCKED');
      expect(ack).not.toHaveBeenCalled();
    });

    it('never acks when the write fails', async () => {
      messages.send.mockRejectedValue(new Error('db down'));
      const ack = jest.fn();
      await expect(service.sendMessage(socket(), input, ack)).rejects.toThrow('db down');
      expect(ack).not.toHaveBeenCalled();
    });

    it('keeps the ack even when something after it fails', async () => {
      messages.send.mockResolvedValue({
        message: aMessage(),
        receiver: bob,
        created: true,
        newConversation: false,
      });
      presence.isOnline.mockRejectedValue(new Error('presence store down'));
      const ack = jest.fn();
      jest
        .spyOn((service as unknown as { logger: { error: () => void } }).logger, 'error')
        .mockImplementation();
      await expect(service.sendMessage(socket(), input, ack)).resolves.toBeUndefined();
      expect(ack).toHaveBeenCalledTimes(1);
    });

    it('limits messages per user across all their sockets, with bursts', async () => {
      service = await build(2);
      messages.send.mockResolvedValue({
        message: aMessage(),
        receiver: bob,
        created: false,
        newConversation: false,
      });
      const results: string[] = [];
      for (let i = 0; i < 8; i++) {
        const s = socket(`socket-${i % 3}`);
        results.push(
          await service.sendMessage(s, input, jest.fn()).then(
            () => 'ok',
            (e: AckException) => e.code,
          ),
        );
      }
      expect(results.slice(0, 6)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
      expect(results.slice(6)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
      expect(messages.send).toHaveBeenCalledTimes(6);
    });
  });

  it('warns at start-up when the message limit is off', async () => {
    const unlimited = await build(0);
    const warn = jest
      .spyOn((unlimited as unknown as { logger: { warn: () => void } }).logger, 'warn')
      .mockImplementation();
    unlimited.onModuleInit();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('RATE_LIMIT_MESSAGES_PER_SEC=0'));
  });

  describe('markRead', () => {
    const input = { peer: bob.id, upTo: aMessage().id };

    it('tells both users', async () => {
      messages.markRead.mockResolvedValue({ readAt: '2030-01-01T00:00:00.000Z', count: 2 });
      await expect(service.markRead(socket(), input)).resolves.toEqual({ ok: true });
      expect(messages.markRead).toHaveBeenCalledWith(alice.id, bob.id, input.upTo);
      expect(notifier.toUsers).toHaveBeenCalledWith([alice.id, bob.id], 'messages_read', {
        reader: alice.id,
        peer: bob.id,
        upTo: input.upTo,
        readAt: '2030-01-01T00:00:00.000Z',
      });
    });

    it('does not tell a peer across a block', async () => {
      messages.markRead.mockResolvedValue({ readAt: '2030-01-01T00:00:00.000Z', count: 2 });
      blocks.eitherBlocked.mockResolvedValue(true);
      await service.markRead(socket(), input);
      expect(notifier.toUsers).toHaveBeenCalledWith([alice.id], 'messages_read', expect.anything());
    });

    it('answers a refusal with its code', async () => {
      messages.markRead.mockRejectedValue(new MessageRefusedError('VALIDATION', 'not yours'));
      await expect(service.markRead(socket(), input)).rejects.toMatchObject({ code: 'VALIDATION' });
    });
  });

  describe('typing', () => {
    it('relays to the receiver', async () => {
      await service.typing(socket(), { receiver: bob.id, isTyping: true });
      expect(notifier.toUsers).toHaveBeenCalledWith([bob.id], 'typing', { sender: alice.id, isTyping: true });
    });

    it('never crosses a block, nor goes to oneself', async () => {
      blocks.eitherBlocked.mockResolvedValue(true);
      await service.typing(socket(), { receiver: bob.id, isTyping: true });
      await service.typing(socket(), { receiver: alice.id, isTyping: true });
      expect(notifier.toUsers).not.toHaveBeenCalled();
    });
  });

  describe('connections', () => {
    afterEach(() => jest.useRealTimers());

    it('joins the user room, reports offline deliveries to their senders and closes at token expiry', async () => {
      jest.useFakeTimers();
      messages.deliverPending.mockResolvedValue([
        { id: 'm1', sender: bob.id, deliveredAt: 'd1' },
        { id: 'm2', sender: bob.id, deliveredAt: 'd1' },
      ]);
      const s = socket('s1', Date.now() + 5000);
      await service.connected(s);
      expect(s.join).toHaveBeenCalledWith(`user:${alice.id}`);
      expect(presence.socketOpened).toHaveBeenCalledWith(alice.id, 's1');
      expect(notifier.toUsers).toHaveBeenCalledWith([bob.id], 'message_delivered', {
        id: 'm1',
        deliveredAt: 'd1',
      });
      expect(notifier.toUsers).toHaveBeenCalledWith([bob.id], 'message_delivered', {
        id: 'm2',
        deliveredAt: 'd1',
      });
      jest.advanceTimersByTime(4999);
      expect(s.disconnect).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(s.disconnect).toHaveBeenCalledWith(true);
    });

    it('closes a socket whose session was revoked (logout-all) while it was being authenticated', async () => {
      const s = socket('s1');
      const order: string[] = [];
      s.join.mockImplementation(async () => order.push('join'));
      tokens.isCurrent.mockImplementation(async () => {
        order.push('check');
        return false;
      });
      await service.connected(s);
      expect(order).toEqual(['join', 'check']); // checked once it can be reached through the user's room
      expect(tokens.isCurrent).toHaveBeenCalledWith(s.data.user);
      expect(s.disconnect).toHaveBeenCalledWith(true);
      expect(presence.socketOpened).not.toHaveBeenCalled();
      expect(messages.deliverPending).not.toHaveBeenCalled();
    });

    it('counts out a socket that closed while it was being opened', async () => {
      const s = socket('s1');
      presence.socketOpened.mockImplementation(async () => {
        (s as unknown as { disconnected: boolean }).disconnected = true;
      });
      await service.connected(s);
      expect(presence.socketClosed).toHaveBeenCalledWith(alice.id, 's1');
      expect(messages.deliverPending).not.toHaveBeenCalled();
    });

    it('forgets the expiry timer on disconnect', async () => {
      jest.useFakeTimers();
      const s = socket('s1', Date.now() + 5000);
      await service.connected(s);
      await service.disconnected(s);
      expect(presence.socketClosed).toHaveBeenCalledWith(alice.id, 's1');
      jest.advanceTimersByTime(10_000);
      expect(s.disconnect).not.toHaveBeenCalled();
    });

    it('answers events it does not know, by ack or with an exception event', async () => {
      const s = socket('s1');
      await service.connected(s);
      const [listener] = s.onAny.mock.calls[0];
      const ack = jest.fn();
      listener('delete_everything', { all: true }, ack);
      expect(ack).toHaveBeenCalledWith({
        ok: false,
        error: { code: 'VALIDATION', message: 'unknown event "delete_everything"' },
      });
      listener('delete_everything', { all: true });
      expect(s.emit).toHaveBeenCalledWith('exception', {
        event: 'delete_everything',
        code: 'VALIDATION',
        message: 'unknown event "delete_everything"',
      });
      s.emit.mockClear();
      listener('send_message', {}, ack);
      expect(s.emit).not.toHaveBeenCalled();
    });

    it('closes every socket of a user on logout-all', () => {
      service.onSessionsRevoked({ userId: alice.id, at: new Date() });
      expect(notifier.disconnectUser).toHaveBeenCalledWith(alice.id);
    });
  });

  it('drains on shutdown: in-flight sends finish and are acked, new ones are refused, then sockets close', async () => {
    let finish: () => void = () => undefined;
    messages.send.mockImplementation(
      () =>
        new Promise((resolve) => {
          finish = () =>
            resolve({ message: aMessage(), receiver: bob, created: false, newConversation: false });
        }),
    );
    const ack = jest.fn();
    const sending = service.sendMessage(
      socket(),
      { receiver: bob.id, text: 'x', clientMsgId: 'client-1' },
      ack,
    );
    await new Promise((resolve) => setImmediate(resolve));
    const draining = service.drain();
    expect(() =>
      service.sendMessage(socket(), { receiver: bob.id, text: 'y', clientMsgId: 'client-2' }),
    ).toThrow(AckException);
    expect(notifier.disconnectAll).not.toHaveBeenCalled();
    finish();
    await sending;
    await draining;
    expect(ack).toHaveBeenCalledTimes(1);
    expect(notifier.disconnectAll).toHaveBeenCalled();
    const late = socket('late');
    await service.connected(late);
    expect(late.disconnect).toHaveBeenCalledWith(true);
    expect(late.join).not.toHaveBeenCalled();
  });

  it('drains the presence updates of the sockets it closed before the database may close', async () => {
    const open = socket('open');
    let closedHandled: () => void = () => undefined;
    presence.socketClosed.mockImplementation(() => new Promise<void>((resolve) => (closedHandled = resolve)));
    // Closing the sockets runs their disconnect handlers, as Socket.IO does.
    notifier.disconnectAll.mockImplementationOnce(async () => void service.disconnected(open));
    let drained = false;
    const draining = service.drain().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(presence.socketClosed).toHaveBeenCalledWith(alice.id, 'open');
    expect(drained).toBe(false);
    closedHandled();
    await draining;
  });
});
