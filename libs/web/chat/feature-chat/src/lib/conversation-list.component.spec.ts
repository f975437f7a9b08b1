import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { aConversation, aMessage, aUser } from '@chat/shared/util-testing';
import { ChatStore } from '@chat/web/chat/data-access';
import { ConversationListComponent } from './conversation-list.component';
import { setUpChat, settle } from './chat-feature.spec-helpers';

describe('ConversationListComponent', () => {
  let chat: ReturnType<typeof setUpChat>;
  let fixture: ComponentFixture<ConversationListComponent>;
  let element: HTMLElement;
  const alice = aUser({ username: 'alice' });
  const bob = aUser({ username: 'bob' });

  beforeEach(async () => {
    chat = setUpChat([{ path: 'c/:userId', children: [] }]);
    TestBed.inject(ChatStore).start();
    chat.socket.acceptConnection();
    fixture = TestBed.createComponent(ConversationListComponent);
    element = fixture.nativeElement;
  });

  afterEach(() => chat.backend.verify());

  async function render() {
    await settle();
    fixture.detectChanges();
    await fixture.whenStable();
  }

  it('lists conversations with preview, unread badge and presence', async () => {
    chat.answerStart([
      aConversation({
        peer: alice,
        unreadCount: 2,
        lastMessage: aMessage({ sender: alice.id, receiver: chat.me.id, text: '<i>hey</i>' }),
      }),
      aConversation({
        peer: bob,
        unreadCount: 0,
        lastMessage: aMessage({
          sender: chat.me.id,
          receiver: bob.id,
          text: 'bye',
          createdAt: new Date(Date.now() - 60_000).toISOString(),
          readAt: new Date().toISOString(),
        }),
      }),
    ]);
    chat.socket.push('presence', { userId: alice.id, online: true, lastSeenAt: null });
    await render();

    const rows = [...element.querySelectorAll<HTMLAnchorElement>('a.row')];
    expect(rows.map((row) => row.getAttribute('data-peer'))).toEqual(['alice', 'bob']);
    expect(rows[0].getAttribute('href')).toBe(`/c/${alice.id}`);
    expect(rows[0].querySelector('.preview')?.textContent?.trim()).toBe('<i>hey</i>');
    expect(rows[0].querySelector('i')).toBeNull();
    expect(rows[0].querySelector('[data-testid="unread-badge"]')?.textContent).toContain('2');
    expect(rows[0].querySelector('[data-testid="online-dot"]')).not.toBeNull();
    expect(rows[1].querySelector('.preview')?.textContent).toContain('You: bye');
    expect(rows[1].querySelector('chat-status-ticks')?.textContent?.trim()).toBe('Read');
  });

  it('invites to search when there is no conversation yet', async () => {
    chat.answerStart([]);
    await render();
    expect(element.textContent).toContain('No conversations yet');
    expect(element.querySelector('label[for="user-search"]')?.textContent).toBe('Search users');
    expect(element.querySelector('[data-testid="me"]')?.textContent).toBe('me');
  });

  it('finds people by username and opens a conversation with them', async () => {
    chat.answerStart([]);
    await render();
    const input = element.querySelector<HTMLInputElement>('#user-search')!;
    input.value = 'al';
    input.dispatchEvent(new Event('input'));
    await settle();
    const request = chat.backend.expectOne((r) => r.url === '/api/users' && r.params.get('search') === 'al');
    request.flush([alice]);
    await render();

    const result = element.querySelector<HTMLAnchorElement>('#search-results a.row')!;
    expect(result.textContent).toContain('alice');
    result.click();
    await render();
    expect(TestBed.inject(Router).url).toBe(`/c/${alice.id}`);
    expect(TestBed.inject(ChatStore).users()[alice.id]).toEqual(alice);
    expect(input.value).toBe('');
  });

  it('says when nobody matches', async () => {
    chat.answerStart([]);
    await render();
    const input = element.querySelector<HTMLInputElement>('#user-search')!;
    input.value = 'zz';
    input.dispatchEvent(new Event('input'));
    await settle();
    chat.backend.expectOne((r) => r.url === '/api/users').flush([]);
    await render();
    expect(element.querySelector('#search-results')?.textContent).toContain('No users found for “zz”.');
  });

  it('asks for notification permission only from its button', async () => {
    chat.answerStart([]);
    await render();
    expect(chat.notifier.requestPermission).not.toHaveBeenCalled();
    const button = [...element.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Enable notifications'),
    )!;
    button.click();
    await render();
    expect(chat.notifier.requestPermission).toHaveBeenCalled();
    expect(element.textContent).not.toContain('Enable notifications');
  });

  it('signs out', async () => {
    chat.answerStart([]);
    await render();
    const button = [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Sign out')!;
    button.click();
    expect(chat.auth.signOut).toHaveBeenCalled();
  });
});
