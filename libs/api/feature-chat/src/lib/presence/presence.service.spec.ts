import { Test } from '@nestjs/testing';
import { anId } from '@chat/shared/util-testing';
import { ConversationsService } from '@chat/api/feature-messages';
import { BlocksService, UsersService } from '@chat/api/feature-users';
import { ChatNotifier } from '../chat-notifier';
import { MemoryPresenceStore } from './memory-presence.store';
import { PresenceService } from './presence.service';
import { PresenceStore } from './presence-store';

describe('PresenceService', () => {
  const me = anId();
  const friend = anId();
  const blocker = anId();
  const stranger = anId();
  const seen = new Date('2030-01-01T00:00:00.000Z');
  const notifier = { toUsers: jest.fn(), toSocket: jest.fn() };
  const conversations = { peersOf: jest.fn() };
  const blocks = { relatedByBlock: jest.fn() };
  const users = { lastSeenOf: jest.fn(), setLastSeen: jest.fn() };
  let store: MemoryPresenceStore;
  let service: PresenceService;

  beforeEach(async () => {
    [notifier, conversations, blocks, users].forEach((m) => Object.values(m).forEach((fn) => fn.mockReset()));
    conversations.peersOf.mockImplementation(async (id: string) => (id === me ? [friend, blocker] : [me]));
    blocks.relatedByBlock.mockImplementation(async (id: string) => new Set(id === me ? [blocker] : []));
    users.lastSeenOf.mockImplementation(
      async (ids: string[]) => new Map(ids.map((id) => [id, id === friend ? seen : null])),
    );
    store = new MemoryPresenceStore();
    const moduleRef = await Test.createTestingModule({
      providers: [
        PresenceService,
        { provide: PresenceStore, useValue: store },
        { provide: ChatNotifier, useValue: notifier },
        { provide: ConversationsService, useValue: conversations },
        { provide: BlocksService, useValue: blocks },
        { provide: UsersService, useValue: users },
      ],
    }).compile();
    service = moduleRef.get(PresenceService);
  });

  it('announces the first socket to contacts only, never across a block', async () => {
    await service.socketOpened(me, 's1');
    expect(notifier.toUsers).toHaveBeenCalledWith([friend], 'presence', {
      userId: me,
      online: true,
      lastSeenAt: null,
    });
    expect(JSON.stringify(notifier.toUsers.mock.calls)).not.toContain(blocker);
    expect(JSON.stringify(notifier.toUsers.mock.calls)).not.toContain(stranger);
  });

  it('tells a new socket the presence of its contacts', async () => {
    await store.add(friend, 'f1');
    await service.socketOpened(me, 's1');
    expect(notifier.toSocket).toHaveBeenCalledWith('s1', 'presence', {
      userId: friend,
      online: true,
      lastSeenAt: seen.toISOString(),
    });
    expect(notifier.toSocket).toHaveBeenCalledTimes(1);
  });

  it('does not announce a second socket', async () => {
    await service.socketOpened(me, 's1');
    notifier.toUsers.mockClear();
    await service.socketOpened(me, 's2');
    expect(notifier.toUsers).not.toHaveBeenCalled();
  });

  it('stores lastSeenAt and announces offline only when the last socket closes', async () => {
    await service.socketOpened(me, 's1');
    await service.socketOpened(me, 's2');
    notifier.toUsers.mockClear();
    await service.socketClosed(me, 's1');
    expect(users.setLastSeen).not.toHaveBeenCalled();
    expect(notifier.toUsers).not.toHaveBeenCalled();
    await service.socketClosed(me, 's2');
    expect(users.setLastSeen).toHaveBeenCalledWith(me, expect.any(Date));
    const at = (users.setLastSeen.mock.calls[0][1] as Date).toISOString();
    expect(notifier.toUsers).toHaveBeenCalledWith([friend], 'presence', {
      userId: me,
      online: false,
      lastSeenAt: at,
    });
  });

  it('announces users whose sockets the store expired or restored', async () => {
    const watch = jest.spyOn(store as PresenceStore, 'watch');
    service.onModuleInit();
    const listener = watch.mock.calls[0][0];
    listener.restored(me);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(notifier.toUsers).toHaveBeenCalledWith([friend], 'presence', {
      userId: me,
      online: true,
      lastSeenAt: null,
    });
    notifier.toUsers.mockClear();
    listener.expired(me);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(users.setLastSeen).toHaveBeenCalledWith(me, expect.any(Date));
    expect(notifier.toUsers).toHaveBeenCalledWith([friend], 'presence', {
      userId: me,
      online: false,
      lastSeenAt: (users.setLastSeen.mock.calls[0][1] as Date).toISOString(),
    });
  });

  it('introduces two users to each other', async () => {
    await store.add(friend, 'f1');
    await service.introduce(me, friend);
    expect(notifier.toUsers).toHaveBeenCalledWith([friend], 'presence', {
      userId: me,
      online: false,
      lastSeenAt: null,
    });
    expect(notifier.toUsers).toHaveBeenCalledWith([me], 'presence', {
      userId: friend,
      online: true,
      lastSeenAt: seen.toISOString(),
    });
  });
});
