import { BadRequestException, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Types } from 'mongoose';
import { aClientMsgId, aUser } from '@chat/shared/util-testing';
import {
  conversationIdOf,
  ConversationViewsRepository,
  MessageRecord,
  MessagesRepository,
} from '@chat/api/data-access';
import { BlocksService, UsersService } from '@chat/api/feature-users';
import { DomainEventBus } from '@chat/api/util';
import { MessageRefusedError } from './message-refused.error';
import { MessagesService } from './messages.service';

function record(sender: string, receiver: string, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    _id: new Types.ObjectId(),
    conversationId: conversationIdOf(sender, receiver),
    sender: new Types.ObjectId(sender),
    receiver: new Types.ObjectId(receiver),
    text: 'hello',
    clientMsgId: aClientMsgId(),
    createdAt: new Date(),
    ...overrides,
  };
}

describe('MessagesService', () => {
  const alice = aUser({ id: new Types.ObjectId().toHexString() });
  const bob = aUser({ id: new Types.ObjectId().toHexString() });
  const messages = {
    insert: jest.fn(),
    findInConversation: jest.fn(),
    page: jest.fn(),
    markDelivered: jest.fn(),
    undelivered: jest.fn(),
    markManyDelivered: jest.fn(),
    markRead: jest.fn(),
    countUnread: jest.fn(),
  };
  const views = {
    applyMessage: jest.fn(),
    markLastMessagesDelivered: jest.fn(),
    setUnread: jest.fn(),
    markLastMessageRead: jest.fn(),
  };
  const users = { find: jest.fn() };
  const blocks = { eitherBlocked: jest.fn() };
  const events = { publish: jest.fn() };
  const order: string[] = [];
  let service: MessagesService;

  beforeEach(async () => {
    order.length = 0;
    [messages, views, users, blocks, events].forEach((m) => Object.values(m).forEach((fn) => fn.mockReset()));
    users.find.mockImplementation(async (id: string) => [alice, bob].find((u) => u.id === id) ?? null);
    blocks.eitherBlocked.mockResolvedValue(false);
    messages.insert.mockImplementation(async () => {
      order.push('insert');
      return { record: record(alice.id, bob.id), created: true };
    });
    views.applyMessage.mockImplementation(async () => {
      order.push('summaries');
      return true;
    });
    const moduleRef = await Test.createTestingModule({
      providers: [
        MessagesService,
        { provide: MessagesRepository, useValue: messages },
        { provide: ConversationViewsRepository, useValue: views },
        { provide: UsersService, useValue: users },
        { provide: BlocksService, useValue: blocks },
        { provide: DomainEventBus, useValue: events },
      ],
    }).compile();
    service = moduleRef.get(MessagesService);
  });

  describe('send', () => {
    const input = () => ({ receiver: bob.id, text: '  <i>hi</i>  ', clientMsgId: aClientMsgId() });

    it('stores the message first, then the summaries, then publishes message.created', async () => {
      const request = input();
      const sent = await service.send(alice, request);
      expect(messages.insert).toHaveBeenCalledWith({
        sender: alice.id,
        receiver: bob.id,
        text: request.text,
        clientMsgId: request.clientMsgId,
      });
      expect(order).toEqual(['insert', 'summaries']);
      expect(sent).toMatchObject({ created: true, newConversation: true, receiver: bob });
      expect(sent.message.sender).toBe(alice.id);
      expect(events.publish).toHaveBeenCalledWith(
        'message.created',
        expect.objectContaining({ message: sent.message }),
      );
    });

    it('ignores any sender the client supplies', async () => {
      await service.send(alice, { ...input(), sender: bob.id } as never);
      expect(messages.insert.mock.calls[0][0].sender).toBe(alice.id);
    });

    it('acks the first stored message on a retry and writes nothing else', async () => {
      const first = record(alice.id, bob.id);
      messages.insert.mockResolvedValue({ record: first, created: false });
      const sent = await service.send(alice, input());
      expect(sent).toMatchObject({ created: false, newConversation: false });
      expect(sent.message.id).toBe(first._id.toHexString());
      expect(views.applyMessage).not.toHaveBeenCalled();
      expect(events.publish).not.toHaveBeenCalled();
    });

    it.each([
      ['UNKNOWN_RECEIVER', () => ({ receiver: new Types.ObjectId().toHexString() })],
      ['VALIDATION', () => ({ receiver: alice.id })],
    ])('refuses with %s', async (code, override) => {
      const error = await service.send(alice, { ...input(), ...override() }).catch((e) => e);
      expect(error).toBeInstanceOf(MessageRefusedError);
      expect(error.code).toBe(code);
      expect(messages.insert).not.toHaveBeenCalled();
    });

    it('refuses BLOCKED when either blocked the other', async () => {
      blocks.eitherBlocked.mockResolvedValue(true);
      const error = await service.send(alice, input()).catch((e) => e);
      expect(error).toMatchObject({ code: 'BLOCKED' });
      expect(blocks.eitherBlocked).toHaveBeenCalledWith(alice.id, bob.id);
      expect(messages.insert).not.toHaveBeenCalled();
    });

    it('lets a database error through (the transport answers INTERNAL)', async () => {
      messages.insert.mockRejectedValue(new Error('write failed'));
      await expect(service.send(alice, input())).rejects.toThrow('write failed');
      expect(views.applyMessage).not.toHaveBeenCalled();
    });
  });

  describe('history', () => {
    it('reads only the pair’s conversation', async () => {
      messages.page.mockResolvedValue({ records: [record(bob.id, alice.id)], hasMore: true });
      const page = await service.history(alice.id, bob.id, undefined, 10);
      expect(messages.page).toHaveBeenCalledWith(conversationIdOf(alice.id, bob.id), undefined, 10);
      expect(page.hasMore).toBe(true);
      expect(page.messages).toHaveLength(1);
    });

    it('answers 404 for an unknown peer and 400 for oneself', async () => {
      await expect(service.history(alice.id, new Types.ObjectId().toHexString())).rejects.toThrow(
        NotFoundException,
      );
      await expect(service.history(alice.id, alice.id)).rejects.toThrow(BadRequestException);
    });

    it('refuses a `before` that is not in the pair’s conversation', async () => {
      messages.findInConversation.mockResolvedValue(null);
      const foreign = new Types.ObjectId().toHexString();
      await expect(service.history(alice.id, bob.id, foreign)).rejects.toThrow(BadRequestException);
      expect(messages.findInConversation).toHaveBeenCalledWith(foreign, conversationIdOf(alice.id, bob.id));
      expect(messages.page).not.toHaveBeenCalled();
    });
  });

  describe('markRead', () => {
    it('marks, recounts unread, updates summaries and publishes message.read', async () => {
      const upTo = record(bob.id, alice.id);
      messages.findInConversation.mockResolvedValue(upTo);
      messages.markRead.mockResolvedValue(3);
      messages.countUnread.mockResolvedValue(1);
      const receipt = await service.markRead(alice.id, bob.id, upTo._id.toHexString());
      const conversationId = conversationIdOf(alice.id, bob.id);
      expect(messages.markRead).toHaveBeenCalledWith(
        conversationId,
        alice.id,
        upTo._id.toHexString(),
        expect.any(Date),
      );
      expect(views.setUnread).toHaveBeenCalledWith(alice.id, bob.id, 1);
      expect(views.markLastMessageRead).toHaveBeenCalled();
      expect(receipt.count).toBe(3);
      expect(events.publish).toHaveBeenCalledWith(
        'message.read',
        expect.objectContaining({ reader: alice.id, count: 3 }),
      );
    });

    it('refuses an upTo outside the conversation', async () => {
      messages.findInConversation.mockResolvedValue(null);
      await expect(
        service.markRead(alice.id, bob.id, new Types.ObjectId().toHexString()),
      ).rejects.toMatchObject({
        code: 'VALIDATION',
      });
      expect(messages.markRead).not.toHaveBeenCalled();
    });
  });

  describe('delivery', () => {
    it('marks a message delivered once', async () => {
      const message = { id: new Types.ObjectId().toHexString(), conversationId: 'c' } as never;
      messages.markDelivered.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
      expect(await service.markDelivered(message)).toEqual(expect.any(String));
      expect(await service.markDelivered(message)).toBeNull();
      expect(views.markLastMessagesDelivered).toHaveBeenCalledTimes(1);
    });

    it('delivers every pending message, in batches, and says to whom to report', async () => {
      const batch = Array.from({ length: 500 }, () => ({
        id: new Types.ObjectId().toHexString(),
        sender: bob.id,
        conversationId: 'c',
      }));
      messages.undelivered.mockResolvedValueOnce(batch).mockResolvedValueOnce(batch.slice(0, 2));
      const deliveries = await service.deliverPending(alice.id);
      expect(deliveries).toHaveLength(502);
      expect(deliveries[0]).toEqual({ id: batch[0].id, sender: bob.id, deliveredAt: expect.any(String) });
      expect(messages.markManyDelivered).toHaveBeenCalledTimes(2);
    });
  });
});
