import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, OnInit } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { NavigationEnd, Router, RouterOutlet } from '@angular/router';
import { ChatStore } from '@chat/web/chat/data-access';
import { filter, map } from 'rxjs';
import { ConversationListComponent } from './conversation-list.component';

export const APP_TITLE = 'Chat';

/** Signed-in layout: list and conversation side by side, or one screen at a time on narrow screens. */
@Component({
  selector: 'chat-shell',
  imports: [RouterOutlet, ConversationListComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.in-conversation]': 'inConversation()' },
  template: `
    <div class="banner-slot" role="status">
      @if (store.connection() === 'disconnected') {
        <p class="banner" data-testid="connection-banner">
          <span class="spinner" aria-hidden="true"></span>
          Connection lost. Reconnecting…
        </p>
      }
    </div>
    <div class="layout">
      <chat-conversation-list class="list-pane" />
      <main class="conversation-pane">
        <router-outlet />
      </main>
    </div>
  `,
  styleUrl: './chat-shell.component.css',
})
export class ChatShellComponent implements OnInit {
  protected readonly store = inject(ChatStore);
  private readonly router = inject(Router);
  private readonly title = inject(Title);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly inConversation = toSignal(
    this.router.events.pipe(
      filter((event) => event instanceof NavigationEnd),
      map(() => this.isConversationUrl()),
    ),
    { initialValue: this.isConversationUrl() },
  );

  constructor() {
    effect(() => {
      const unread = this.store.unreadTotal();
      this.title.setTitle(unread > 0 ? `(${unread}) ${APP_TITLE}` : APP_TITLE);
    });
    this.store.openRequests$
      .pipe(takeUntilDestroyed())
      .subscribe((peer) => void this.router.navigate(['/c', peer]));
  }

  ngOnInit(): void {
    this.store.start();
    this.destroyRef.onDestroy(() => {
      this.store.stop();
      this.title.setTitle(APP_TITLE);
    });
  }

  private isConversationUrl(): boolean {
    return this.router.url.startsWith('/c/');
  }
}
