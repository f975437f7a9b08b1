import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { aConversation, aUser } from '@chat/shared/util-testing';
import { ChatShellComponent } from './chat-shell.component';
import { setUpChat, settle } from './chat-feature.spec-helpers';
import { EmptyStateComponent } from './empty-state.component';
import { CHAT_ROUTES } from './chat.routes';

describe('ChatShellComponent', () => {
  it('connects, shows the unread total in the tab title, and disconnects when left', async () => {
    const chat = setUpChat([
      { path: '', component: ChatShellComponent, children: [{ path: '', component: EmptyStateComponent }] },
      { path: 'login', children: [] },
    ]);
    const harness = await RouterTestingHarness.create('/');
    expect(chat.socket.connectCalls).toBe(1);
    chat.socket.acceptConnection();
    chat.answerStart([aConversation({ unreadCount: 2 }), aConversation({ unreadCount: 1 })]);
    await settle();
    harness.detectChanges();
    expect(TestBed.inject(Title).getTitle()).toBe('(3) Chat');
    expect(harness.routeNativeElement?.textContent).toContain('Your messages');

    await harness.navigateByUrl('/login');
    expect(chat.socket.connected).toBe(false);
    expect(TestBed.inject(Title).getTitle()).toBe('Chat');
    chat.backend.verify();
  });

  it('keeps the unread count in the title while moving between the list and a conversation', async () => {
    const alice = aUser({ username: 'alice' });
    const chat = setUpChat(CHAT_ROUTES);
    const harness = await RouterTestingHarness.create('/');
    chat.socket.acceptConnection();
    chat.answerStart([aConversation({ unreadCount: 2 }), aConversation({ peer: alice, unreadCount: 0 })]);
    await settle();
    harness.detectChanges();
    expect(TestBed.inject(Title).getTitle()).toBe('(2) Chat');
    await harness.navigateByUrl(`/c/${alice.id}`);
    chat.backend.expectOne((r) => r.url === '/api/messages').flush({ messages: [], hasMore: false });
    await harness.navigateByUrl('/');
    await settle();
    harness.detectChanges();
    expect(TestBed.inject(Title).getTitle()).toBe('(2) Chat');
  });

  it('shows a banner while the connection is lost', async () => {
    const chat = setUpChat([{ path: '', component: ChatShellComponent }]);
    const harness = await RouterTestingHarness.create('/');
    chat.answerStart();
    chat.socket.acceptConnection();
    harness.detectChanges();
    const banner = () => harness.routeNativeElement?.querySelector('[data-testid="connection-banner"]');
    expect(banner()).toBeNull();

    chat.socket.dropConnection();
    harness.detectChanges();
    expect(banner()?.textContent).toContain('Connection lost. Reconnecting…');
    expect(banner()?.closest('[role="status"]')).not.toBeNull();

    chat.socket.acceptConnection();
    chat.backend.expectOne('/api/conversations').flush([]);
    harness.detectChanges();
    expect(banner()).toBeNull();
  });

  it('opens the conversation a notification was clicked for', async () => {
    const alice = aUser({ username: 'alice' });
    const chat = setUpChat([
      { path: '', component: ChatShellComponent, children: [{ path: 'c/:userId', children: [] }] },
    ]);
    chat.visible.set(false);
    await RouterTestingHarness.create('/');
    chat.socket.acceptConnection();
    chat.answerStart([aConversation({ peer: alice, unreadCount: 0 })]);
    await settle();
    chat.socket.push('receive_message', {
      ...aConversation().lastMessage,
      sender: alice.id,
      receiver: chat.me.id,
      createdAt: new Date(Date.now() + 1000).toISOString(),
    });
    expect(chat.notifier.notify).toHaveBeenCalled();
    chat.notifier.notify.mock.calls[0][3]();
    await settle();
    expect(TestBed.inject(Router).url).toBe(`/c/${alice.id}`);
  });
});
