import {
  afterNextRender,
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  DOCUMENT,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { User } from '@chat/shared/contracts';
import {
  ChatMessage,
  ChatStore,
  groupByDay,
  messageStatus,
  SendFailure,
  Thread,
} from '@chat/web/chat/data-access';
import {
  AvatarComponent,
  ComposerComponent,
  ConfirmDialogComponent,
  MessageBubbleComponent,
  TypingIndicatorComponent,
} from '@chat/web/ui';
import { callError, dayKey, errorText, formatDayLabel, formatLastSeen } from '@chat/web/util';

/** Within this distance of the bottom, new messages keep the view pinned to the newest one. */
const STICKY_BOTTOM_PX = 80;
/** Older messages load once the view is this close to the top. */
const LOAD_OLDER_PX = 300;

/** The line under a failed message, before its Retry button. */
export function failureText(failure: SendFailure | null): string {
  switch (failure?.code) {
    case 'BLOCKED':
      return 'Failed: messages between you are blocked';
    case 'RATE_LIMITED':
      return 'Failed: too many messages at once';
    case 'UNKNOWN_RECEIVER':
      return 'Failed: this account no longer exists';
    case 'VALIDATION':
      return `Failed: ${failure.message}`;
    default:
      return 'Failed';
  }
}

/** One conversation: header with presence and options, the message log, and the composer. */
@Component({
  selector: 'chat-conversation',
  imports: [
    RouterLink,
    AvatarComponent,
    ComposerComponent,
    ConfirmDialogComponent,
    MessageBubbleComponent,
    TypingIndicatorComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './conversation.component.html',
  styleUrl: './conversation.component.css',
  host: {
    '(document:keydown.escape)': 'closeMenu(true)',
    '(document:click)': 'closeMenuOnOutsideClick($event)',
  },
})
export class ConversationComponent {
  /** The peer's id, from the route (`/c/:userId`). */
  readonly userId = input.required<string>();

  protected readonly store = inject(ChatStore);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private readonly log = viewChild<ElementRef<HTMLElement>>('log');
  private readonly composer = viewChild(ComposerComponent);
  private readonly menuButton = viewChild<ElementRef<HTMLButtonElement>>('menuButton');
  private readonly menu = viewChild<ElementRef<HTMLElement>>('menu');
  private readonly blockDialog = viewChild<ConfirmDialogComponent>('blockDialog');

  protected readonly now = signal(Date.now());
  protected readonly menuOpen = signal(false);
  protected readonly actionError = signal<string | null>(null);
  /** A new message arrived below while the user was reading older ones. */
  protected readonly unseenBelow = signal(false);
  private readonly drafts = signal<Record<string, string>>({});

  protected readonly peer = computed<User | null>(() => this.store.users()[this.userId()] ?? null);
  /** Blank while the list that names the peer is still loading, rather than a flash of "Unknown user". */
  protected readonly peerName = computed(
    () => this.peer()?.username ?? (this.store.conversationsState() === 'loaded' ? 'Unknown user' : ''),
  );
  protected readonly thread = computed<Thread | undefined>(() => this.store.threads()[this.userId()]);
  protected readonly messages = computed(() => this.thread()?.messages ?? []);
  protected readonly days = computed(() =>
    groupByDay(this.messages(), dayKey).map((group) => ({
      ...group,
      label: formatDayLabel(group.firstAt, new Date(this.now())),
    })),
  );
  protected readonly loading = computed(() => this.thread()?.callState === 'loading');
  protected readonly loadError = computed(() => {
    const error = callError(this.thread()?.callState ?? 'init');
    if (!error) return null;
    return error.statusCode === 404 ? 'This user does not exist.' : errorText(error);
  });
  protected readonly loadingOlder = computed(() => this.thread()?.olderState === 'loading');
  protected readonly blocked = computed(() => Boolean(this.store.blocked()[this.userId()]));
  protected readonly typing = computed(
    () => !this.blocked() && (this.store.typing()[this.userId()] ?? false),
  );
  protected readonly presenceText = computed(() => {
    const presence = this.store.presence()[this.userId()];
    if (this.typing()) return 'typing…';
    if (!presence) return '';
    return presence.online ? 'online' : formatLastSeen(presence.lastSeenAt, new Date(this.now()));
  });
  protected readonly online = computed(() => this.store.presence()[this.userId()]?.online ?? false);
  protected readonly draft = computed(() => this.drafts()[this.userId()] ?? '');

  private rendered: { peer: string; first: string | null; last: string | null } | null = null;
  private distanceFromBottom = 0;
  private stickToBottom = true;

  constructor() {
    // Open the conversation for the route's peer; close it when the route moves on.
    effect((onCleanup) => {
      const peer = this.userId();
      untracked(() => {
        this.rememberPeerFromNavigation(peer);
        this.unseenBelow.set(false);
        this.menuOpen.set(false);
        this.actionError.set(null);
        this.stickToBottom = true;
        void this.store.openConversation(peer);
        if (this.document.defaultView?.matchMedia?.('(min-width: 601px)').matches) {
          afterNextRender(() => this.composer()?.focus(), { injector: this.injector });
        }
      });
      onCleanup(() => this.store.closeConversation(peer));
    });

    afterRenderEffect(() => this.keepScrollPosition());

    const clock = setInterval(() => this.now.set(Date.now()), 30_000);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
  }

  protected status(message: ChatMessage) {
    return messageStatus(message);
  }

  protected failure(message: ChatMessage): string {
    return failureText(message.failure);
  }

  protected isMine(message: ChatMessage): boolean {
    return message.sender === this.store.me();
  }

  protected send(text: string): void {
    this.stickToBottom = true;
    void this.store.send(this.userId(), text);
  }

  protected retry(message: ChatMessage): void {
    void this.store.retry(this.userId(), message.key);
  }

  protected setDraft(text: string): void {
    this.drafts.update((drafts) => ({ ...drafts, [this.userId()]: text }));
  }

  protected onTyping(isTyping: boolean): void {
    this.store.notifyTyping(this.userId(), isTyping);
  }

  protected onScroll(): void {
    const log = this.log()?.nativeElement;
    if (!log) return;
    this.measure(log);
    if (this.stickToBottom) this.unseenBelow.set(false);
    if (log.scrollTop < LOAD_OLDER_PX) void this.loadOlder();
  }

  protected scrollToLatest(): void {
    const log = this.log()?.nativeElement;
    if (!log) return;
    log.scrollTop = log.scrollHeight;
    this.measure(log);
    this.unseenBelow.set(false);
  }

  protected toggleMenu(): void {
    const open = !this.menuOpen();
    this.menuOpen.set(open);
    if (open) {
      afterNextRender(
        () => this.menu()?.nativeElement.querySelector<HTMLElement>('[role="menuitem"]')?.focus(),
        {
          injector: this.injector,
        },
      );
    }
  }

  protected closeMenu(restoreFocus: boolean): void {
    if (!this.menuOpen()) return;
    this.menuOpen.set(false);
    if (restoreFocus) this.menuButton()?.nativeElement.focus();
  }

  protected closeMenuOnOutsideClick(event: MouseEvent): void {
    const target = event.target as Node | null;
    if (!this.menuOpen() || !target) return;
    if (this.menu()?.nativeElement.contains(target) || this.menuButton()?.nativeElement.contains(target))
      return;
    this.closeMenu(false);
  }

  protected onMenuKeydown(event: KeyboardEvent): void {
    const items = Array.from(
      this.menu()?.nativeElement.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [],
    );
    const index = items.indexOf(this.document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Tab') {
      this.closeMenu(false);
    }
  }

  protected askToBlock(): void {
    this.closeMenu(false);
    this.blockDialog()?.open();
  }

  protected async block(): Promise<void> {
    const peer = this.peer();
    if (!peer) return;
    await this.runAction(() => this.store.block(peer), `Could not block ${peer.username}.`);
  }

  protected async unblock(): Promise<void> {
    const peer = this.peer();
    this.closeMenu(true);
    if (!peer) return;
    await this.runAction(() => this.store.unblock(peer), `Could not unblock ${peer.username}.`);
  }

  private async runAction(action: () => Promise<void>, failure: string): Promise<void> {
    this.actionError.set(null);
    try {
      await action();
    } catch {
      this.actionError.set(failure);
    }
  }

  private async loadOlder(): Promise<void> {
    const thread = this.thread();
    if (!thread?.hasMore || thread.olderState === 'loading' || thread.callState !== 'loaded') return;
    await this.store.loadOlder(this.userId());
  }

  private measure(log: HTMLElement): void {
    this.distanceFromBottom = log.scrollHeight - log.scrollTop;
    this.stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight <= STICKY_BOTTOM_PX;
  }

  /**
   * After each render: open at the "new messages" divider or the bottom; follow new messages when at the bottom
   * (or when they are ours); keep the view still when older messages are inserted above.
   */
  private keepScrollPosition(): void {
    const peer = this.userId();
    const thread = this.thread();
    const log = this.log()?.nativeElement;
    if (!log || thread?.callState !== 'loaded') return;
    const messages = thread.messages;
    const first = messages[0]?.key ?? null;
    const last = messages.at(-1)?.key ?? null;
    const previous = this.rendered;
    this.rendered = { peer, first, last };

    if (!previous || previous.peer !== peer) {
      const divider = log.querySelector<HTMLElement>('[data-testid="new-messages-divider"]');
      // Show the first unread message a third of the way down, with some context above it.
      if (divider)
        log.scrollTop +=
          divider.getBoundingClientRect().top - log.getBoundingClientRect().top - log.clientHeight / 3;
      else log.scrollTop = log.scrollHeight;
    } else if (last !== previous.last) {
      const newest = messages.at(-1);
      if (this.stickToBottom || (newest && this.isMine(newest))) log.scrollTop = log.scrollHeight;
      else this.unseenBelow.set(true);
    } else if (first !== previous.first) {
      log.scrollTop = log.scrollHeight - this.distanceFromBottom;
    } else if (this.stickToBottom) {
      log.scrollTop = log.scrollHeight;
    }
    this.measure(log);
    // A short first page leaves nothing to scroll: fetch more straight away.
    if (log.scrollHeight <= log.clientHeight + LOAD_OLDER_PX && thread.hasMore) void this.loadOlder();
  }

  /** A conversation opened from search (then reloaded) may be with someone the list does not know yet. */
  private rememberPeerFromNavigation(peer: string): void {
    const state = this.document.defaultView?.history.state as { peer?: User } | null | undefined;
    if (state?.peer?.id === peer && !this.store.users()[peer]) this.store.rememberUsers([state.peer]);
  }
}
