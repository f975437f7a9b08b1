import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Conversation, Message, User } from '@chat/shared/contracts';
import { aConversation, aMessage, aUser } from '@chat/shared/util-testing';
import { AuthStore } from '@chat/web/auth/data-access';
import { FakeChatSocket, provideFakeChatSocket } from '../testing';
import { Subject } from 'rxjs';
import { messageStatus } from './chat-message';
import { ChatStore, TYPING_EXPIRY_MS, TYPING_IDLE_MS, TYPING_RESEND_MS } from './chat.store';
import { Notifier } from './notifier.service';
import { PageVisibility } from './page-visibility.service';

const flush = () => new Promise((resolve) => setTimeout(resolve));
let seq = 0x100;
const nextId = () => (seq++).toString(16).padStart(24, '0');
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

describe('ChatStore', () => {
  const me = aUser({ username: 'me' });
  const alice = aUser({ username: 'alice' });
  const bob = aUser({ username: 'bob' });
  let socket: FakeChatSocket;
  let backend: HttpTestingController;
  let store: ChatStore;
  let visible: ReturnType<typeof signal<boolean>>;
  let notify: jest.Mock;

  const fromPeer = (peer: User, extra: Partial<Message> = {}) =>
    aMessage({ id: nextId(), sender: peer.id, receiver: me.id, createdAt: minutesAgo(0), ...extra });
  const fromMe = (peer: User, extra: Partial<Message> = {}) =>
    aMessage({ id: nextId(), sender: me.id, receiver: peer.id, createdAt: minutesAgo(0), ...extra });

  function expectHistory(peer: User, before?: string): TestRequest {
    return backend.expectOne(
      (request) =>
        request.url === '/api/messages' &&
        request.params.get('with') === peer.id &&
        (request.params.get('before') ?? undefined) === before,
    );
  }

  async function startWith(conversations: Conversation[], blocked: User[] = []) {
    store.start();
    socket.acceptConnection();
    backend.expectOne('/api/conversations').flush(conversations);
    backend.expectOne('/api/blocks').flush(blocked);
    await flush();
  }

  async function open(peer: User, messages: Message[], hasMore = false) {
    const opened = store.openConversation(peer.id);
    expectHistory(peer).flush({ messages, hasMore });
    await opened;
    TestBed.tick();
  }

  beforeEach(() => {
    socket = new FakeChatSocket();
    visible = signal(true);
    notify = jest.fn();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeChatSocket(socket),
        {
          provide: AuthStore,
          useValue: {
            user: () => me,
            accessToken: () => 't',
            tokenRefreshed$: new Subject<string>(),
            refreshAccessToken: jest.fn(),
            expireSession: jest.fn(),
          },
        },
        { provide: PageVisibility, useValue: { visible } },
        { provide: Notifier, useValue: { notify, permission: signal('granted') } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(ChatStore);
  });

  afterEach(() => {
    store.stop();
    backend.verify();
  });

  it('loads conversations and blocks on start, newest activity first, with the unread total', async () => {
    const older = aConversation({
      peer: alice,
      unreadCount: 2,
      lastMessage: fromPeer(alice, { createdAt: minutesAgo(10) }),
    });
    const newer = aConversation({
      peer: bob,
      unreadCount: 1,
      lastMessage: fromPeer(bob, { createdAt: minutesAgo(1) }),
    });
    await startWith([older, newer], [bob]);
    expect(store.conversations().map((c) => c.peer.username)).toEqual(['bob', 'alice']);
    expect(store.conversationsState()).toBe('loaded');
    expect(store.unreadTotal()).toBe(3);
    expect(store.blocked()[bob.id]).toEqual(bob);
    expect(store.users()[alice.id]).toEqual(alice);
  });

  it('opens a conversation: newest page, "new messages" marker at the first unread, marked read', async () => {
    const read = fromPeer(alice, { createdAt: minutesAgo(5), readAt: minutesAgo(4) });
    const unread1 = fromPeer(alice, { createdAt: minutesAgo(3) });
    const unread2 = fromPeer(alice, { createdAt: minutesAgo(2) });
    await startWith([aConversation({ peer: alice, unreadCount: 2, lastMessage: unread2 })]);

    await open(alice, [read, unread1, unread2], true);

    const thread = store.threads()[alice.id];
    expect(thread.messages.map((m) => m.id)).toEqual([read.id, unread1.id, unread2.id]);
    expect(thread.hasMore).toBe(true);
    expect(thread.unreadMarker).toBe(`${alice.id}:${unread1.clientMsgId}`);
    expect(socket.takeAck('mark_read').payload).toEqual({ peer: alice.id, upTo: unread2.id });
    expect(store.unreadTotal()).toBe(0);
    expect(thread.messages.every((m) => m.readAt)).toBe(true);
  });

  it('sends optimistically and follows the status to sent, delivered and read', async () => {
    await startWith([]);
    store.rememberUsers([alice]);
    await open(alice, []);

    const sending = store.send(alice.id, 'hello alice');
    let [message] = store.threads()[alice.id].messages;
    expect(messageStatus(message)).toBe('sending');
    expect(message.text).toBe('hello alice');

    const ack = socket.takeAck('send_message');
    const request = ack.payload as { receiver: string; text: string; clientMsgId: string };
    expect(request).toEqual({ receiver: alice.id, text: 'hello alice', clientMsgId: message.clientMsgId });
    expect(request.clientMsgId.length).toBeGreaterThanOrEqual(8);
    const stored = fromMe(alice, { text: 'hello alice', clientMsgId: request.clientMsgId });
    ack.resolve({ ok: true, message: stored });
    await sending;

    [message] = store.threads()[alice.id].messages;
    expect(store.threads()[alice.id].messages).toHaveLength(1);
    expect(message.id).toBe(stored.id);
    expect(messageStatus(message)).toBe('sent');
    expect(store.conversations()[0]).toMatchObject({ peer: alice, lastMessage: stored, unreadCount: 0 });

    socket.push('message_delivered', { id: stored.id, deliveredAt: minutesAgo(0) });
    expect(messageStatus(store.threads()[alice.id].messages[0])).toBe('delivered');

    socket.push('messages_read', { reader: alice.id, peer: me.id, upTo: stored.id, readAt: minutesAgo(0) });
    expect(messageStatus(store.threads()[alice.id].messages[0])).toBe('read');
    expect(store.conversations()[0].lastMessage.readAt).toBeDefined();
  });

  it('keeps a delivery receipt that overtakes the ack', async () => {
    await startWith([]);
    store.rememberUsers([alice]);
    await open(alice, []);
    const sending = store.send(alice.id, 'quick');
    const ack = socket.takeAck('send_message');
    const stored = fromMe(alice, {
      text: 'quick',
      clientMsgId: (ack.payload as { clientMsgId: string }).clientMsgId,
    });
    socket.push('message_delivered', { id: stored.id, deliveredAt: minutesAgo(0) });
    ack.resolve({ ok: true, message: stored });
    await sending;
    expect(messageStatus(store.threads()[alice.id].messages[0])).toBe('delivered');
  });

  it('shows a failed send and retries it with the same clientMsgId', async () => {
    await startWith([]);
    store.rememberUsers([alice]);
    await open(alice, []);
    const sending = store.send(alice.id, 'are you there?');
    const first = socket.takeAck('send_message');
    first.resolve({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } });
    await sending;

    const [failed] = store.threads()[alice.id].messages;
    expect(messageStatus(failed)).toBe('failed');
    expect(failed.failure).toEqual({ code: 'RATE_LIMITED', message: 'slow down' });

    const retrying = store.retry(alice.id, failed.key);
    expect(messageStatus(store.threads()[alice.id].messages[0])).toBe('sending');
    const second = socket.takeAck('send_message');
    expect(second.payload).toEqual(first.payload);
    second.resolve({
      ok: true,
      message: fromMe(alice, { text: 'are you there?', clientMsgId: failed.clientMsgId }),
    });
    await retrying;
    expect(store.threads()[alice.id].messages).toHaveLength(1);
    expect(messageStatus(store.threads()[alice.id].messages[0])).toBe('sent');
  });

  it('counts a message for another conversation once, even when it arrives twice', async () => {
    const last = fromPeer(bob, { createdAt: minutesAgo(30), readAt: minutesAgo(29) });
    await startWith([aConversation({ peer: bob, lastMessage: last, unreadCount: 0 })]);
    const incoming = fromPeer(bob, { text: 'ping' });
    socket.push('receive_message', incoming);
    socket.push('receive_message', incoming);
    expect(store.conversations()[0]).toMatchObject({ unreadCount: 1, lastMessage: incoming });
    expect(store.unreadTotal()).toBe(1);
    expect(notify).not.toHaveBeenCalled();
  });

  it('learns who a new peer is from the conversation list', async () => {
    await startWith([]);
    const incoming = fromPeer(bob, { text: 'hi, we have not met' });
    socket.push('receive_message', incoming);
    backend
      .expectOne('/api/conversations')
      .flush([aConversation({ peer: bob, lastMessage: incoming, unreadCount: 1 })]);
    await flush();
    expect(store.conversations()).toEqual([{ peer: bob, lastMessage: incoming, unreadCount: 1 }]);
  });

  it('marks read at once in the open, visible conversation', async () => {
    await startWith([aConversation({ peer: alice, lastMessage: fromMe(alice), unreadCount: 0 })]);
    await open(alice, []);
    const incoming = fromPeer(alice);
    socket.push('receive_message', incoming);
    expect(store.threads()[alice.id].messages.map((m) => m.id)).toEqual([incoming.id]);
    expect(socket.takeAck('mark_read').payload).toEqual({ peer: alice.id, upTo: incoming.id });
    expect(store.unreadTotal()).toBe(0);
  });

  it('waits for the tab to be visible to mark read, and notifies meanwhile', async () => {
    await startWith([aConversation({ peer: alice, lastMessage: fromMe(alice), unreadCount: 0 })]);
    await open(alice, []);
    visible.set(false);
    TestBed.tick();

    const incoming = fromPeer(alice, { text: 'psst' });
    socket.push('receive_message', incoming);
    expect(socket.acks.filter((ack) => ack.event === 'mark_read')).toHaveLength(0);
    expect(store.unreadTotal()).toBe(1);
    expect(store.threads()[alice.id].unreadMarker).toBe(`${alice.id}:${incoming.clientMsgId}`);
    expect(notify).toHaveBeenCalledWith('alice', 'psst', `chat-${alice.id}`, expect.any(Function));

    const opened: string[] = [];
    store.openRequests$.subscribe((peer) => opened.push(peer));
    notify.mock.calls[0][3]();
    expect(opened).toEqual([alice.id]);

    visible.set(true);
    TestBed.tick();
    expect(socket.takeAck('mark_read').payload).toEqual({ peer: alice.id, upTo: incoming.id });
    expect(store.unreadTotal()).toBe(0);
  });

  it('follows reads made on another device of ours', async () => {
    const incoming = fromPeer(bob);
    await startWith([aConversation({ peer: bob, lastMessage: incoming, unreadCount: 1 })]);
    socket.push('messages_read', { reader: me.id, peer: bob.id, upTo: incoming.id, readAt: minutesAgo(0) });
    expect(store.unreadTotal()).toBe(0);
  });

  it('catches up after a reconnect: missed messages in order, none twice', async () => {
    const m1 = fromPeer(alice, { createdAt: minutesAgo(10), readAt: minutesAgo(9) });
    const m2 = fromMe(alice, { createdAt: minutesAgo(8) });
    await startWith([aConversation({ peer: alice, lastMessage: m2 })]);
    await open(alice, [m1, m2]);

    socket.dropConnection();
    expect(store.connection()).toBe('disconnected');
    const missed1 = fromPeer(alice, { createdAt: minutesAgo(5) });
    const missed2 = fromPeer(alice, { createdAt: minutesAgo(4) });
    socket.acceptConnection();
    expect(store.connection()).toBe('connected');

    backend
      .expectOne('/api/conversations')
      .flush([aConversation({ peer: alice, lastMessage: missed2, unreadCount: 2 })]);
    const page = expectHistory(alice);
    expect(page.request.params.get('limit')).toBe('100');
    page.flush({ messages: [m1, m2, missed1, missed2], hasMore: false });
    await flush();

    expect(store.threads()[alice.id].messages.map((m) => m.id)).toEqual([
      m1.id,
      m2.id,
      missed1.id,
      missed2.id,
    ]);
    expect(socket.takeAck('mark_read').payload).toEqual({ peer: alice.id, upTo: missed2.id });
    expect(store.unreadTotal()).toBe(0);
  });

  it('pages back during catch-up until it joins what it holds', async () => {
    const held = fromPeer(alice, { createdAt: minutesAgo(100), readAt: minutesAgo(99) });
    await startWith([aConversation({ peer: alice, lastMessage: held })]);
    await open(alice, [held]);
    socket.dropConnection();
    socket.acceptConnection();
    backend.expectOne('/api/conversations').flush([]);

    const olderMissed = fromPeer(alice, { createdAt: minutesAgo(50) });
    const newerMissed = fromPeer(alice, { createdAt: minutesAgo(40) });
    expectHistory(alice).flush({ messages: [newerMissed], hasMore: true });
    await flush();
    expectHistory(alice, newerMissed.id).flush({ messages: [held, olderMissed], hasMore: true });
    await flush();

    expect(store.threads()[alice.id].messages.map((m) => m.id)).toEqual([
      held.id,
      olderMissed.id,
      newerMissed.id,
    ]);
    expect(store.threads()[alice.id].hasMore).toBe(false);
    socket.takeAck('mark_read');
  });

  it('loads older pages before the oldest message held', async () => {
    const recent = fromPeer(alice, { createdAt: minutesAgo(1), readAt: minutesAgo(1) });
    await startWith([aConversation({ peer: alice, lastMessage: recent })]);
    await open(alice, [recent], true);
    const older = fromMe(alice, { createdAt: minutesAgo(60) });

    const loading = store.loadOlder(alice.id);
    expect(store.threads()[alice.id].olderState).toBe('loading');
    expectHistory(alice, recent.id).flush({ messages: [older], hasMore: false });
    await loading;

    expect(store.threads()[alice.id].messages.map((m) => m.id)).toEqual([older.id, recent.id]);
    expect(store.threads()[alice.id].hasMore).toBe(false);
    await store.loadOlder(alice.id);
    backend.expectNone('/api/messages');
  });

  it('keeps presence per user', async () => {
    await startWith([]);
    socket.push('presence', { userId: alice.id, online: false, lastSeenAt: minutesAgo(3) });
    expect(store.presence()[alice.id]).toMatchObject({ online: false });
    socket.push('presence', { userId: alice.id, online: true, lastSeenAt: null });
    expect(store.presence()[alice.id].online).toBe(true);
  });

  it('blocks and unblocks', async () => {
    await startWith([]);
    const blocking = store.block(alice);
    const put = backend.expectOne(`/api/blocks/${alice.id}`);
    expect(put.request.method).toBe('PUT');
    put.flush(null, { status: 204, statusText: 'No Content' });
    await blocking;
    expect(store.blocked()[alice.id]).toEqual(alice);

    const unblocking = store.unblock(alice);
    const del = backend.expectOne(`/api/blocks/${alice.id}`);
    expect(del.request.method).toBe('DELETE');
    del.flush(null, { status: 204, statusText: 'No Content' });
    await unblocking;
    expect(store.blocked()[alice.id]).toBeUndefined();
  });

  it('forgets everything on stop', async () => {
    await startWith([aConversation({ peer: alice, unreadCount: 4 })]);
    store.stop();
    expect(store.conversations()).toEqual([]);
    expect(store.unreadTotal()).toBe(0);
    expect(socket.connected).toBe(false);
  });

  describe('typing', () => {
    afterEach(() => jest.useRealTimers());

    it('shows the peer typing until they stop, send, or go quiet', async () => {
      await startWith([]);
      jest.useFakeTimers();
      socket.push('typing', { sender: alice.id, isTyping: true });
      expect(store.typing()[alice.id]).toBe(true);
      socket.push('typing', { sender: alice.id, isTyping: false });
      expect(store.typing()[alice.id]).toBe(false);

      socket.push('typing', { sender: alice.id, isTyping: true });
      jest.advanceTimersByTime(TYPING_EXPIRY_MS);
      expect(store.typing()[alice.id]).toBe(false);

      socket.push('typing', { sender: alice.id, isTyping: true });
      socket.push('receive_message', fromPeer(alice));
      expect(store.typing()[alice.id]).toBe(false);
      backend.expectOne('/api/conversations').flush([]);
    });

    it('sends typing at most every few seconds and stops after a pause', async () => {
      await startWith([]);
      jest.useFakeTimers();
      store.notifyTyping(alice.id, true);
      store.notifyTyping(alice.id, true);
      expect(socket.emittedOf('typing')).toEqual([{ receiver: alice.id, isTyping: true }]);
      jest.advanceTimersByTime(TYPING_RESEND_MS);
      store.notifyTyping(alice.id, true);
      expect(socket.emittedOf('typing')).toHaveLength(2);
      jest.advanceTimersByTime(TYPING_IDLE_MS);
      expect(socket.emittedOf('typing').at(-1)).toEqual({ receiver: alice.id, isTyping: false });
    });
  });
});
