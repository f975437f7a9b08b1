import { computed, DestroyRef, effect, inject, Injectable, signal, untracked } from '@angular/core';
import {
  Conversation,
  LIMITS,
  Message,
  MessageDeliveredEvent,
  MessagesReadEvent,
  PresenceEvent,
  TypingEvent,
  User,
} from '@chat/shared/contracts';
import { AuthStore } from '@chat/web/auth/data-access';
import { CallState, toApiError } from '@chat/web/util';
import { firstValueFrom, Observable, Subject, Subscription } from 'rxjs';
import { ChatApi } from './chat-api.service';
import {
  ChatMessage,
  countUnread,
  isAtOrBefore,
  markReadUpTo,
  mergeMessages,
  messageKey,
  newestFrom,
} from './chat-message';
import { ChatSocketService } from './chat-socket.service';
import { Notifier } from './notifier.service';
import { PageVisibility } from './page-visibility.service';

/** One conversation's messages as held in memory. */
export interface Thread {
  messages: ChatMessage[];
  hasMore: boolean;
  /** The newest page. */
  callState: CallState;
  /** Older pages, loaded on scrolling up. */
  olderState: CallState;
  /** Key of the first message that was unread when the conversation was opened ("New messages" divider). */
  unreadMarker: string | null;
}

interface ChatState {
  me: string | null;
  conversations: Conversation[];
  conversationsState: CallState;
  users: Record<string, User>;
  threads: Record<string, Thread>;
  presence: Record<string, PresenceEvent>;
  typing: Record<string, boolean>;
  blocked: Record<string, User>;
  blocksState: CallState;
  activePeer: string | null;
}

const initialState: ChatState = {
  me: null,
  conversations: [],
  conversationsState: 'init',
  users: {},
  threads: {},
  presence: {},
  typing: {},
  blocked: {},
  blocksState: 'init',
  activePeer: null,
};

const emptyThread: Thread = {
  messages: [],
  hasMore: false,
  callState: 'init',
  olderState: 'init',
  unreadMarker: null,
};

/** A peer's typing indicator disappears when no renewal arrives within this time (a lost `isTyping: false`). */
export const TYPING_EXPIRY_MS = 6_000;
/** While typing, `typing: true` is re-sent at most this often; idle this long ends it. */
export const TYPING_RESEND_MS = 3_000;
export const TYPING_IDLE_MS = 5_000;
/** History pages fetched to catch up after a reconnect before starting the thread again from the newest page. */
const CATCH_UP_MAX_PAGES = 5;

function newestFirst(a: Conversation, b: Conversation): number {
  return Date.parse(b.lastMessage.createdAt) - Date.parse(a.lastMessage.createdAt);
}

function isNewer(
  candidate: Pick<Message, 'createdAt' | 'id'>,
  than: Pick<Message, 'createdAt' | 'id'>,
): boolean {
  const byTime = Date.parse(candidate.createdAt) - Date.parse(than.createdAt);
  return byTime > 0 || (byTime === 0 && !isAtOrBefore(candidate.id, than.id));
}

/**
 * The chat's state: conversations, the messages of opened conversations, presence, typing and blocks, kept in
 * signals and fed by REST (initial load, history, catch-up after a reconnect) and the socket (live events).
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly api = inject(ChatApi);
  private readonly socket = inject(ChatSocketService);
  private readonly auth = inject(AuthStore);
  private readonly visibility = inject(PageVisibility);
  private readonly notifier = inject(Notifier);
  private readonly state = signal<ChatState>(initialState);
  private readonly openRequests = new Subject<string>();
  private subscriptions: Subscription | null = null;
  private readonly typingExpiry = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly outgoingTyping = new Map<
    string,
    { sentAt: number; idle: ReturnType<typeof setTimeout> }
  >();
  /** Receipts that arrived before the ack of the message they are about. */
  private readonly earlyDeliveries = new Map<string, string>();
  private readonly peerReadUpTo = new Map<string, { upTo: string; readAt: string }>();
  /** `mark_read` sent but not acknowledged yet, per peer: re-sent after a reconnect. */
  private readonly unconfirmedReads = new Map<string, string>();

  readonly me = computed(() => this.state().me);
  readonly conversations = computed(() => this.state().conversations);
  readonly conversationsState = computed(() => this.state().conversationsState);
  readonly users = computed(() => this.state().users);
  readonly threads = computed(() => this.state().threads);
  readonly presence = computed(() => this.state().presence);
  readonly typing = computed(() => this.state().typing);
  readonly blocked = computed(() => this.state().blocked);
  readonly activePeer = computed(() => this.state().activePeer);
  readonly connection = this.socket.state;
  readonly unreadTotal = computed(() =>
    this.state().conversations.reduce((total, conversation) => total + conversation.unreadCount, 0),
  );
  /** Peers whose conversation the user asked to open from outside the page (a notification click). */
  readonly openRequests$: Observable<string> = this.openRequests.asObservable();

  constructor() {
    // Coming back to the tab marks the open conversation read.
    effect(() => {
      const peer = this.activePeer();
      if (peer && this.visibility.visible()) untracked(() => void this.markReadIfVisible(peer));
    });
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Connects and loads the signed-in user's conversations and blocks. */
  start(): void {
    if (this.subscriptions) return;
    const me = this.auth.user();
    if (!me) return;
    this.state.set({ ...initialState, me: me.id });
    const subscriptions = new Subscription();
    subscriptions.add(this.socket.messages$.subscribe((message) => this.onMessage(message)));
    subscriptions.add(this.socket.reads$.subscribe((event) => this.onRead(event)));
    subscriptions.add(this.socket.deliveries$.subscribe((event) => this.onDelivered(event)));
    subscriptions.add(this.socket.typing$.subscribe((event) => this.onTyping(event)));
    subscriptions.add(this.socket.presence$.subscribe((event) => this.onPresence(event)));
    subscriptions.add(
      this.socket.connected$.subscribe(({ reconnect }) => {
        if (reconnect) void this.catchUp();
      }),
    );
    this.subscriptions = subscriptions;
    this.socket.start();
    void this.loadConversations();
    void this.loadBlocks();
  }

  /** Disconnects and forgets everything (sign-out). */
  stop(): void {
    this.subscriptions?.unsubscribe();
    this.subscriptions = null;
    this.socket.stop();
    for (const timer of this.typingExpiry.values()) clearTimeout(timer);
    for (const { idle } of this.outgoingTyping.values()) clearTimeout(idle);
    this.typingExpiry.clear();
    this.outgoingTyping.clear();
    this.earlyDeliveries.clear();
    this.peerReadUpTo.clear();
    this.unconfirmedReads.clear();
    this.state.set(initialState);
  }

  rememberUsers(users: readonly User[]): void {
    if (users.length === 0) return;
    this.update((state) => {
      const known = { ...state.users };
      for (const user of users) known[user.id] = user;
      return { ...state, users: known };
    });
  }

  async loadConversations(): Promise<void> {
    this.update((state) => ({
      ...state,
      conversationsState: state.conversationsState === 'loaded' ? 'loaded' : 'loading',
    }));
    try {
      const fetched = await firstValueFrom(this.api.conversations());
      if (!this.subscriptions) return;
      this.rememberUsers(fetched.map((conversation) => conversation.peer));
      this.update((state) => {
        const local = new Map(
          state.conversations.map((conversation) => [conversation.peer.id, conversation]),
        );
        const merged = fetched.map((conversation) => {
          const held = local.get(conversation.peer.id);
          local.delete(conversation.peer.id);
          return held && isNewer(held.lastMessage, conversation.lastMessage)
            ? { ...conversation, lastMessage: held.lastMessage, unreadCount: held.unreadCount }
            : conversation;
        });
        return {
          ...state,
          conversations: [...merged, ...local.values()].sort(newestFirst),
          conversationsState: 'loaded',
        };
      });
    } catch (error) {
      this.update((state) => ({ ...state, conversationsState: { error: toApiError(error) } }));
    }
  }

  /** Shows a conversation: loads its newest page once, marks it read while the tab is visible. */
  async openConversation(peer: string): Promise<void> {
    this.update((state) => ({ ...state, activePeer: peer }));
    const thread = this.state().threads[peer];
    if (thread && thread.callState !== 'init' && typeof thread.callState !== 'object') {
      this.setThread(peer, { unreadMarker: this.firstUnreadKey(thread.messages, peer) });
      void this.markReadIfVisible(peer);
      return;
    }
    this.setThread(peer, { callState: 'loading' });
    try {
      const page = await firstValueFrom(this.api.history({ with: peer, limit: LIMITS.historyPageDefault }));
      this.updateThread(peer, (current) => {
        const messages = mergeMessages(
          current.messages,
          page.messages.map((message) => this.withReceipts(message)),
        );
        return {
          ...current,
          messages,
          hasMore: page.hasMore,
          callState: 'loaded',
          unreadMarker: this.firstUnreadKey(messages, peer),
        };
      });
      void this.markReadIfVisible(peer);
    } catch (error) {
      this.setThread(peer, { callState: { error: toApiError(error) } });
    }
  }

  closeConversation(peer: string): void {
    this.notifyTyping(peer, false);
    this.update((state) => ({ ...state, activePeer: state.activePeer === peer ? null : state.activePeer }));
    if (this.state().threads[peer]) this.setThread(peer, { unreadMarker: null });
  }

  /** Loads the page before the oldest message held. */
  async loadOlder(peer: string): Promise<void> {
    const thread = this.state().threads[peer];
    const oldest = thread?.messages.find((message) => message.id);
    if (!thread || !thread.hasMore || thread.olderState === 'loading' || !oldest?.id) return;
    this.setThread(peer, { olderState: 'loading' });
    try {
      const page = await firstValueFrom(
        this.api.history({ with: peer, before: oldest.id, limit: LIMITS.historyPageDefault }),
      );
      this.updateThread(peer, (current) => ({
        ...current,
        messages: mergeMessages(
          current.messages,
          page.messages.map((message) => this.withReceipts(message)),
        ),
        hasMore: page.hasMore,
        olderState: 'loaded',
      }));
    } catch (error) {
      this.setThread(peer, { olderState: { error: toApiError(error) } });
    }
  }

  /** Shows the message at once, then sends it; the ack replaces the optimistic copy. */
  async send(peer: string, text: string): Promise<void> {
    const me = this.state().me;
    if (!me || !text.trim()) return;
    const clientMsgId = crypto.randomUUID();
    const optimistic: ChatMessage = {
      id: null,
      conversationId: null,
      key: messageKey({ sender: me, clientMsgId }),
      sender: me,
      receiver: peer,
      text,
      clientMsgId,
      createdAt: new Date().toISOString(),
      failure: null,
    };
    this.notifyTyping(peer, false);
    this.updateThread(peer, (thread) => ({
      ...thread,
      messages: [...thread.messages, optimistic],
      unreadMarker: null,
    }));
    await this.deliver(peer, optimistic);
  }

  /** Sends a failed message again with the same clientMsgId, so the server never stores it twice. */
  async retry(peer: string, key: string): Promise<void> {
    const message = this.state().threads[peer]?.messages.find((candidate) => candidate.key === key);
    if (!message || !message.failure) return;
    this.replaceMessage(peer, key, { failure: null });
    await this.deliver(peer, message);
  }

  /** Tells the peer the user is typing: re-sent at most every few seconds, ended by idleness or sending. */
  notifyTyping(peer: string, isTyping: boolean): void {
    const current = this.outgoingTyping.get(peer);
    if (!isTyping) {
      if (!current) return;
      clearTimeout(current.idle);
      this.outgoingTyping.delete(peer);
      this.socket.typing({ receiver: peer, isTyping: false });
      return;
    }
    if (this.state().blocked[peer]) return;
    const now = Date.now();
    let sentAt = current?.sentAt ?? 0;
    if (!current || now - current.sentAt >= TYPING_RESEND_MS) {
      this.socket.typing({ receiver: peer, isTyping: true });
      sentAt = now;
    }
    if (current) clearTimeout(current.idle);
    const idle = setTimeout(() => this.notifyTyping(peer, false), TYPING_IDLE_MS);
    this.outgoingTyping.set(peer, { sentAt, idle });
  }

  async loadBlocks(): Promise<void> {
    this.update((state) => ({ ...state, blocksState: 'loading' }));
    try {
      const users = await firstValueFrom(this.api.blocks());
      if (!this.subscriptions) return;
      this.rememberUsers(users);
      this.update((state) => ({
        ...state,
        blocked: Object.fromEntries(users.map((user) => [user.id, user])),
        blocksState: 'loaded',
      }));
    } catch (error) {
      this.update((state) => ({ ...state, blocksState: { error: toApiError(error) } }));
    }
  }

  async block(peer: User): Promise<void> {
    await firstValueFrom(this.api.block(peer.id));
    this.notifyTyping(peer.id, false);
    this.update((state) => ({
      ...state,
      blocked: { ...state.blocked, [peer.id]: peer },
      typing: { ...state.typing, [peer.id]: false },
    }));
  }

  async unblock(peer: User): Promise<void> {
    await firstValueFrom(this.api.unblock(peer.id));
    this.update((state) => {
      const blocked = { ...state.blocked };
      delete blocked[peer.id];
      return { ...state, blocked };
    });
  }

  private async deliver(peer: string, message: ChatMessage): Promise<void> {
    const result = await this.socket.send({
      receiver: peer,
      text: message.text,
      clientMsgId: message.clientMsgId,
    });
    if (!this.subscriptions) return;
    if (result.ok) {
      this.acceptStored(result.message);
    } else {
      this.replaceMessage(peer, message.key, { failure: result.error });
    }
  }

  /** Adds or updates a stored message in its thread (when open) and in the conversation list. */
  private acceptStored(raw: Message): { isNew: boolean } {
    const me = this.state().me;
    const message = this.withReceipts(raw);
    const peer = message.sender === me ? message.receiver : message.sender;
    const thread = this.state().threads[peer];
    const key = messageKey(message);
    const heldInThread = thread?.messages.some((held) => held.key === key && held.id) ?? false;
    if (thread) {
      this.updateThread(peer, (current) => ({
        ...current,
        messages: mergeMessages(current.messages, [message]),
      }));
    }

    const conversation = this.state().conversations.find((candidate) => candidate.peer.id === peer);
    const isNew =
      !heldInThread &&
      (!conversation ||
        (conversation.lastMessage.id !== message.id && isNewer(message, conversation.lastMessage)));
    const fromPeer = message.sender === peer;
    if (conversation) {
      this.update((state) => ({
        ...state,
        conversations: state.conversations
          .map((candidate) =>
            candidate.peer.id !== peer
              ? candidate
              : {
                  ...candidate,
                  lastMessage:
                    isNewer(message, candidate.lastMessage) || candidate.lastMessage.id === message.id
                      ? message
                      : candidate.lastMessage,
                  unreadCount: candidate.unreadCount + (isNew && fromPeer && !message.readAt ? 1 : 0),
                },
          )
          .sort(newestFirst),
      }));
    } else {
      const user = this.state().users[peer];
      if (user) {
        this.update((state) => ({
          ...state,
          conversations: [
            { peer: user, lastMessage: message, unreadCount: fromPeer && !message.readAt ? 1 : 0 },
            ...state.conversations,
          ].sort(newestFirst),
        }));
      } else {
        // Someone new wrote first: the list endpoint tells us who they are.
        void this.loadConversations();
      }
    }
    return { isNew };
  }

  private onMessage(message: Message): void {
    const me = this.state().me;
    const { isNew } = this.acceptStored(message);
    if (message.sender === me) return;
    const peer = message.sender;
    this.clearTyping(peer);
    const active = this.state().activePeer === peer;
    if (active && this.visibility.visible()) {
      void this.markReadIfVisible(peer);
      return;
    }
    if (active && this.state().threads[peer] && !this.state().threads[peer].unreadMarker) {
      this.setThread(peer, { unreadMarker: messageKey(message) });
    }
    if (isNew && !this.visibility.visible()) {
      const name = this.state().users[peer]?.username ?? 'New message';
      this.notifier.notify(name, message.text, `chat-${peer}`, () => this.openRequests.next(peer));
    }
  }

  private onRead({ reader, peer, upTo, readAt }: MessagesReadEvent): void {
    const me = this.state().me;
    if (!me) return;
    if (reader === me) {
      // Read on another device or tab of ours.
      const thread = this.state().threads[peer];
      if (thread) {
        this.updateThread(peer, (current) => ({
          ...current,
          messages: markReadUpTo(current.messages, peer, upTo, readAt),
        }));
      }
      const messages = this.state().threads[peer]?.messages;
      this.updateConversation(peer, (conversation) => ({
        ...conversation,
        unreadCount: messages
          ? countUnread(messages, peer)
          : conversation.lastMessage.sender === peer && isAtOrBefore(conversation.lastMessage.id, upTo)
            ? 0
            : conversation.unreadCount,
        lastMessage: this.readIfCovered(conversation.lastMessage, peer, upTo, readAt),
      }));
      return;
    }
    // The peer read our messages.
    this.peerReadUpTo.set(reader, { upTo, readAt });
    if (this.state().threads[reader]) {
      this.updateThread(reader, (current) => ({
        ...current,
        messages: markReadUpTo(current.messages, me, upTo, readAt),
      }));
    }
    this.updateConversation(reader, (conversation) => ({
      ...conversation,
      lastMessage: this.readIfCovered(conversation.lastMessage, me, upTo, readAt),
    }));
  }

  private onDelivered({ id, deliveredAt }: MessageDeliveredEvent): void {
    const deliver = <T extends { id: string | null; deliveredAt?: string }>(message: T): T =>
      message.id === id && !message.deliveredAt ? { ...message, deliveredAt } : message;
    const state = this.state();
    const peers = Object.keys(state.threads).filter((peer) =>
      state.threads[peer].messages.some((message) => message.id === id),
    );
    const inList = state.conversations.some((conversation) => conversation.lastMessage.id === id);
    if (peers.length === 0 && !inList) {
      // The receipt overtook the ack of our own send: keep it for when the message arrives.
      this.earlyDeliveries.set(id, deliveredAt);
      return;
    }
    for (const peer of peers) {
      this.updateThread(peer, (thread) => ({ ...thread, messages: thread.messages.map(deliver) }));
    }
    if (inList) {
      this.update((current) => ({
        ...current,
        conversations: current.conversations.map((conversation) =>
          conversation.lastMessage.id === id
            ? { ...conversation, lastMessage: deliver(conversation.lastMessage) }
            : conversation,
        ),
      }));
    }
  }

  private onTyping({ sender, isTyping }: TypingEvent): void {
    clearTimeout(this.typingExpiry.get(sender));
    this.typingExpiry.delete(sender);
    if (isTyping && !this.state().blocked[sender]) {
      this.typingExpiry.set(
        sender,
        setTimeout(() => this.clearTyping(sender), TYPING_EXPIRY_MS),
      );
    }
    this.update((state) => ({
      ...state,
      typing: { ...state.typing, [sender]: isTyping && !state.blocked[sender] },
    }));
  }

  private clearTyping(peer: string): void {
    clearTimeout(this.typingExpiry.get(peer));
    this.typingExpiry.delete(peer);
    if (this.state().typing[peer])
      this.update((state) => ({ ...state, typing: { ...state.typing, [peer]: false } }));
  }

  private onPresence(event: PresenceEvent): void {
    this.update((state) => ({ ...state, presence: { ...state.presence, [event.userId]: event } }));
  }

  /** After a reconnect: what was missed comes from REST, merged so nothing shows twice. */
  private async catchUp(): Promise<void> {
    const peers = Object.entries(this.state().threads)
      .filter(([, thread]) => thread.callState === 'loaded')
      .map(([peer]) => peer);
    await Promise.all([this.loadConversations(), ...peers.map((peer) => this.catchUpThread(peer))]);
    const active = this.state().activePeer;
    if (active) await this.markReadIfVisible(active, true);
  }

  private async catchUpThread(peer: string): Promise<void> {
    const held = new Set(
      (this.state().threads[peer]?.messages ?? []).flatMap((message) => (message.id ? [message.id] : [])),
    );
    const fetched: Message[] = [];
    let before: string | undefined;
    let hasMore = false;
    try {
      for (let page = 0; page < CATCH_UP_MAX_PAGES; page += 1) {
        const result = await firstValueFrom(
          this.api.history({ with: peer, before, limit: LIMITS.historyPageMax }),
        );
        fetched.unshift(...result.messages);
        hasMore = result.hasMore;
        const overlaps = result.messages.some((message) => held.has(message.id));
        if (overlaps || !result.hasMore || result.messages.length === 0 || held.size === 0) {
          this.updateThread(peer, (thread) => ({
            ...thread,
            messages: mergeMessages(
              thread.messages,
              fetched.map((message) => this.withReceipts(message)),
            ),
            hasMore: held.size === 0 ? hasMore : thread.hasMore,
          }));
          return;
        }
        before = result.messages[0].id;
      }
      // Too much was missed to join up: start again from the newest pages, keeping unsent messages.
      this.updateThread(peer, (thread) => ({
        ...thread,
        messages: mergeMessages(
          thread.messages.filter((message) => !message.id),
          fetched.map((message) => this.withReceipts(message)),
        ),
        hasMore,
        unreadMarker: null,
      }));
    } catch {
      // Still offline or failing: the next reconnect tries again.
    }
  }

  /**
   * Sends `mark_read` for the newest message of an open, visible conversation; after a reconnect, also re-sends
   * one the server never acknowledged.
   */
  private async markReadIfVisible(peer: string, resendUnconfirmed = false): Promise<void> {
    if (this.state().activePeer !== peer || !this.visibility.visible()) return;
    const thread = this.state().threads[peer];
    if (!thread || thread.callState !== 'loaded') return;
    const newest = newestFrom(thread.messages, peer);
    if (!newest?.id) return;
    const upTo = newest.id;
    if (newest.readAt && !(resendUnconfirmed && this.unconfirmedReads.get(peer) === upTo)) return;
    const readAt = new Date().toISOString();
    this.unconfirmedReads.set(peer, upTo);
    this.updateThread(peer, (current) => ({
      ...current,
      messages: markReadUpTo(current.messages, peer, upTo, readAt),
    }));
    this.updateConversation(peer, (conversation) => ({
      ...conversation,
      unreadCount: 0,
      lastMessage: this.readIfCovered(conversation.lastMessage, peer, upTo, readAt),
    }));
    const ack = await this.socket.markRead({ peer, upTo });
    if (ack.ok && this.unconfirmedReads.get(peer) === upTo) this.unconfirmedReads.delete(peer);
  }

  private readIfCovered(message: Message, sender: string, upTo: string, readAt: string): Message {
    return message.sender === sender && !message.readAt && isAtOrBefore(message.id, upTo)
      ? { ...message, readAt, deliveredAt: message.deliveredAt ?? readAt }
      : message;
  }

  /** Applies receipts that arrived before the message itself was known. */
  private withReceipts(message: Message): Message {
    let result = message;
    const deliveredAt = this.earlyDeliveries.get(message.id);
    if (deliveredAt && !message.deliveredAt) {
      result = { ...result, deliveredAt };
      this.earlyDeliveries.delete(message.id);
    }
    const read = this.peerReadUpTo.get(message.receiver);
    if (read && message.sender === this.state().me && !result.readAt && isAtOrBefore(message.id, read.upTo)) {
      result = { ...result, readAt: read.readAt, deliveredAt: result.deliveredAt ?? read.readAt };
    }
    return result;
  }

  private firstUnreadKey(messages: readonly ChatMessage[], peer: string): string | null {
    return messages.find((message) => message.sender === peer && message.id && !message.readAt)?.key ?? null;
  }

  private replaceMessage(peer: string, key: string, patch: Partial<ChatMessage>): void {
    this.updateThread(peer, (thread) => ({
      ...thread,
      messages: thread.messages.map((message) => (message.key === key ? { ...message, ...patch } : message)),
    }));
  }

  private setThread(peer: string, patch: Partial<Thread>): void {
    this.updateThread(peer, (thread) => ({ ...thread, ...patch }));
  }

  private updateThread(peer: string, change: (thread: Thread) => Thread): void {
    this.update((state) => ({
      ...state,
      threads: { ...state.threads, [peer]: change(state.threads[peer] ?? emptyThread) },
    }));
  }

  private updateConversation(peer: string, change: (conversation: Conversation) => Conversation): void {
    this.update((state) => ({
      ...state,
      conversations: state.conversations.map((conversation) =>
        conversation.peer.id === peer ? change(conversation) : conversation,
      ),
    }));
  }

  private update(change: (state: ChatState) => ChatState): void {
    this.state.update(change);
  }
}
