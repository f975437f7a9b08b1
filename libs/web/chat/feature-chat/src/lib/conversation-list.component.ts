import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { Conversation, User } from '@chat/shared/contracts';
import { AuthStore } from '@chat/web/auth/data-access';
import { ChatStore, fromStored, messageStatus, Notifier, UserSearchStore } from '@chat/web/chat/data-access';
import { AvatarComponent, ConversationItemComponent, DeliveryStatus } from '@chat/web/ui';
import { callError, errorText } from '@chat/web/util';

interface ConversationRow {
  peer: User;
  preview: string;
  time: string;
  unread: number;
  online: boolean;
  mine: boolean;
  status: DeliveryStatus | null;
  typing: boolean;
}

/** The list pane: who I am, sign out, search for people, and my conversations. */
@Component({
  selector: 'chat-conversation-list',
  imports: [RouterLink, RouterLinkActive, AvatarComponent, ConversationItemComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './conversation-list.component.html',
  styleUrl: './conversation-list.component.css',
})
export class ConversationListComponent {
  protected readonly auth = inject(AuthStore);
  protected readonly store = inject(ChatStore);
  protected readonly search = inject(UserSearchStore);
  protected readonly notifier = inject(Notifier);

  protected readonly query = computed(() => this.search.state().query);
  protected readonly searching = computed(() => this.search.state().callState === 'loading');
  protected readonly searchError = computed(() => {
    const error = callError(this.search.state().callState);
    return error ? errorText(error) : null;
  });
  protected readonly listError = computed(() => {
    const error = callError(this.store.conversationsState());
    return error ? errorText(error) : null;
  });
  protected readonly rows = computed<ConversationRow[]>(() => {
    const me = this.store.me();
    const presence = this.store.presence();
    const typing = this.store.typing();
    return this.store.conversations().map((conversation: Conversation) => {
      const last = conversation.lastMessage;
      const mine = last.sender === me;
      return {
        peer: conversation.peer,
        preview: last.text,
        time: last.createdAt,
        unread: conversation.unreadCount,
        online: presence[conversation.peer.id]?.online ?? false,
        mine,
        status: mine ? messageStatus(fromStored(last)) : null,
        typing: typing[conversation.peer.id] ?? false,
      };
    });
  });

  constructor() {
    // A search typed by whoever used this tab before does not carry over.
    this.search.clear();
  }

  protected onSearchInput(value: string): void {
    this.search.search(value);
  }

  protected clearSearch(input: HTMLInputElement): void {
    input.value = '';
    this.search.clear();
  }

  protected enableNotifications(): Promise<void> {
    return this.notifier.requestPermission();
  }

  protected signOut(): Promise<void> {
    return this.auth.signOut();
  }
}
