import { BadRequestException, NotFoundException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Types } from 'mongoose';
import { aClientMsgId, aUser } from '@chat/shared/util-testing';
import {
  conversationIdOf,
  ConversationViewsRepository,
  MessageRecord,
  MessagesRepository,
  pairKey,
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
    writeBatch: jest.fn(),
    findInConversation: jest.fn(),
    page: jest.fn(),
    markDelivered: jest.fn(),
    undelivered: jest.fn(),
    markManyDelivered: jest.fn(),
    markRead: jest.fn(),
    countUnread: jest.fn(),
  };
  const views = {
    applyBatch: jest.fn(),
    markLastMessagesDelivered: jest.fn(),
    setUnread: jest.fn(),
    markLastMessageRead: jest.fn(),
  };
  const users = { find: jest.fn(), findMany: jest.fn() };
  const blocks = { blockedPairs: jest.fn() };
  const events = { publish: jest.fn() };
  const order: string[] = [];
  /** Ids the mocked write reports as already delivered by someone else. */
  const unmarked = new Set<string>();
  const sendsOf = (call: number) => messages.writeBatch.mock.calls[call][0];
  let service: MessagesService;

  beforeEach(async () => {
    order.length = 0;
    [messages, views, users, blocks, events].forEach((m) => Object.values(m).forEach((fn) => fn.mockReset()));
    users.find.mockImplementation(async (id: string) => [alice, bob].find((u) => u.id === id) ?? null);
    users.findMany.mockImplementation(
      async (ids: string[]) => new Map([alice, bob].filter((u) => ids.includes(u.id)).map((u) => [u.id, u])),
    );
    blocks.blockedPairs.mockResolvedValue(new Set());
    unmarked.clear();
    messages.writeBatch.mockImplementation(
      async (batch: { sender: string; receiver: string; clientMsgId: string }[], deliveries: string[]) => {
        order.push('messages');
        return {
          stored: batch.map((m) => ({
            record: record(m.sender, m.receiver, { clientMsgId: m.clientMsgId }),
            created: true,
          })),
          delivered: new Set(deliveries.filter((id) => !unmarked.has(id))),
        };
      },
    );
    views.applyBatch.mockImplementation(async (entries: unknown[]) => {
      order.push('summaries');
      return entries.map(() => true);
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
      expect(sendsOf(0)).toEqual([
        { sender: alice.id, receiver: bob.id, text: request.text, clientMsgId: request.clientMsgId },
      ]);
      expect(order).toEqual(['messages', 'summaries']);
      expect(sent).toMatchObject({ created: true, newConversation: true, receiver: bob });
      expect(sent.message.sender).toBe(alice.id);
      expect(events.publish).toHaveBeenCalledWith(
        'message.created',
        expect.objectContaining({ message: sent.message }),
      );
    });

    it('ignores any sender the client supplies', async () => {
      await service.send(alice, { ...input(), sender: bob.id } as never);
      expect(sendsOf(0)[0].sender).toBe(alice.id);
    });

    it('acks the first stored message on a retry and writes nothing else', async () => {
      const first = record(alice.id, bob.id);
      messages.writeBatch.mockResolvedValue({
        stored: [{ record: first, created: false }],
        delivered: new Set(),
      });
      const sent = await service.send(alice, input());
      expect(sent).toMatchObject({ created: false, newConversation: false });
      expect(sent.message.id).toBe(first._id.toHexString());
      expect(views.applyBatch).toHaveBeenCalledWith([], [], expect.any(Date));
      expect(events.publish).not.toHaveBeenCalled();
    });

    it.each([
      ['UNKNOWN_RECEIVER', () => ({ receiver: new Types.ObjectId().toHexString() })],
      ['VALIDATION', () => ({ receiver: alice.id })],
    ])('refuses with %s', async (code, override) => {
      const error = await service.send(alice, { ...input(), ...override() }).catch((e) => e);
      expect(error).toBeInstanceOf(MessageRefusedError);
      expect(error.code).toBe(code);
      expect(messages.writeBatch).not.toHaveBeenCalledWith([expect.anything()], [], expect.any(Date));
    });

    it('refuses BLOCKED when either blocked the other', async () => {
      blocks.blockedPairs.mockResolvedValue(new Set([pairKey(bob.id, alice.id)]));
      const error = await service.send(alice, input()).catch((e) => e);
      expect(error).toMatchObject({ code: 'BLOCKED' });
      expect(blocks.blockedPairs).toHaveBeenCalledWith([[alice.id, bob.id]]);
      expect(messages.writeBatch).toHaveBeenCalledWith([], [], expect.any(Date));
    });

    it('lets a database error through (the transport answers INTERNAL)', async () => {
      messages.writeBatch.mockRejectedValue(new Error('write failed'));
      await expect(service.send(alice, input())).rejects.toThrow('write failed');
      expect(views.applyBatch).not.toHaveBeenCalled();
    });

    it('writes concurrent sends together and answers each on its own', async () => {
      const carol = aUser({ id: new Types.ObjectId().toHexString() });
      const sends = [
        service.send(alice, input()),
        service.send(bob, { ...input(), receiver: alice.id }),
        service.send(alice, { ...input(), receiver: carol.id }),
        service.send(alice, input()),
      ];
      const results = await Promise.allSettled(sends);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect(results[2]).toMatchObject({ reason: { code: 'UNKNOWN_RECEIVER' } });
      expect(messages.writeBatch).toHaveBeenCalledTimes(1);
      expect(sendsOf(0)).toHaveLength(3);
      expect(views.applyBatch).toHaveBeenCalledTimes(1);
      expect(order).toEqual(['messages', 'summaries']);
      expect(events.publish).toHaveBeenCalledTimes(3);
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
      const { id } = message as { id: string };
      expect(await service.markDelivered(message)).toEqual(expect.any(String));
      expect(views.applyBatch).toHaveBeenLastCalledWith([], [message], expect.any(Date));
      unmarked.add(id);
      expect(await service.markDelivered(message)).toBeNull();
      expect(views.applyBatch).toHaveBeenLastCalledWith([], [], expect.any(Date));
    });

    it('writes deliveries with the sends of the same batch, each batch with its own time', async () => {
      const ids = [1, 2, 3].map(() => new Types.ObjectId().toHexString());
      unmarked.add(ids[0]);
      const [results, sent] = await Promise.all([
        Promise.all(ids.map((id) => service.markDelivered({ id, conversationId: 'c' } as never))),
        service.send(alice, { receiver: bob.id, text: 'hi', clientMsgId: aClientMsgId() }),
      ]);
      expect(messages.writeBatch).toHaveBeenCalledTimes(1);
      expect(messages.writeBatch.mock.calls[0][1]).toEqual(ids);
      expect(results[0]).toBeNull();
      expect(results[1]).toEqual(results[2]);
      expect(sent.created).toBe(true);
      expect(views.applyBatch).toHaveBeenCalledWith(
        [expect.objectContaining({ sender: alice, receiver: bob })],
        ids.slice(1).map((id) => ({ id, conversationId: 'c' })),
        expect.any(Date),
      );
      await service.markDelivered({ id: ids[0], conversationId: 'c' } as never);
      const [first, second] = messages.writeBatch.mock.calls.map((c) => (c[2] as Date).getTime());
      expect(second).toBeGreaterThan(first);
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
