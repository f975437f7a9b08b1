import { TestBed } from '@angular/core/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import { Message } from '@chat/shared/contracts';
import { aConversation, aMessage, aUser } from '@chat/shared/util-testing';
import { ChatStore } from '@chat/web/chat/data-access';
import { setUpChat, settle } from './chat-feature.spec-helpers';
import { ConversationComponent, failureText } from './conversation.component';

let seq = 0x1000;
const nextId = () => (seq++).toString(16).padStart(24, '0');

describe('ConversationComponent', () => {
  const alice = aUser({ username: 'alice' });
  let chat: ReturnType<typeof setUpChat>;
  let harness: RouterTestingHarness;
  let element: HTMLElement;

  const fromAlice = (extra: Partial<Message> = {}) =>
    aMessage({ id: nextId(), sender: alice.id, receiver: chat.me.id, ...extra });
  const fromMe = (extra: Partial<Message> = {}) =>
    aMessage({ id: nextId(), sender: chat.me.id, receiver: alice.id, ...extra });

  beforeEach(() => {
    chat = setUpChat([{ path: 'c/:userId', component: ConversationComponent }]);
  });

  async function openWith(messages: Message[], blocked = false) {
    const store = TestBed.inject(ChatStore);
    store.start();
    chat.socket.acceptConnection();
    chat.answerStart(
      [aConversation({ peer: alice, lastMessage: messages.at(-1) ?? fromAlice(), unreadCount: 0 })],
      blocked ? [alice] : [],
    );
    await settle();
    harness = await RouterTestingHarness.create(`/c/${alice.id}`);
    chat.backend
      .expectOne((r) => r.url === '/api/messages' && r.params.get('with') === alice.id)
      .flush({ messages, hasMore: false });
    await render();
    element = harness.routeNativeElement!;
  }

  async function render() {
    await settle();
    harness.detectChanges();
    await harness.fixture.whenStable();
  }

  afterEach(() => chat.backend.verify());

  it('shows the messages in a log, grouped by day, own ones on the right', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await openWith([
      fromAlice({ text: 'first', createdAt: yesterday, readAt: yesterday }),
      fromMe({ text: 'second', readAt: new Date().toISOString() }),
    ]);
    const log = element.querySelector('[role="log"]')!;
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.getAttribute('aria-label')).toBe('Messages with alice');
    expect([...log.querySelectorAll('.day-label')].map((label) => label.textContent?.trim())).toEqual([
      'Yesterday',
      'Today',
    ]);
    const bubbles = [...log.querySelectorAll('chat-message-bubble')];
    expect(bubbles.map((b) => b.querySelector('[data-testid="message-text"]')?.textContent)).toEqual([
      'first',
      'second',
    ]);
    expect(bubbles[1].classList).toContain('mine');
    expect(bubbles[1].getAttribute('data-status')).toBe('read');
    expect(element.querySelector('[data-testid="peer-name"]')?.textContent).toBe('alice');
  });

  it('marks where unread messages start', async () => {
    await openWith([
      fromAlice({ text: 'seen', readAt: new Date().toISOString() }),
      fromAlice({ text: 'new one' }),
      fromAlice({ text: 'newer' }),
    ]);
    const divider = element.querySelector('[data-testid="new-messages-divider"]')!;
    expect(divider.textContent?.trim()).toBe('New messages');
    expect(divider.nextElementSibling?.textContent).toContain('new one');
    expect((chat.socket.takeAck('mark_read').payload as { upTo: string }).upTo).toBeDefined();
  });

  it('sends from the composer and shows the message at once', async () => {
    await openWith([]);
    expect(element.textContent).toContain('No messages yet. Say hello to alice!');
    const textarea = element.querySelector<HTMLTextAreaElement>('textarea')!;
    textarea.value = 'hello <b>there</b>';
    textarea.dispatchEvent(new Event('input'));
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await render();
    const bubble = element.querySelector('chat-message-bubble')!;
    expect(bubble.querySelector('[data-testid="message-text"]')?.textContent).toBe('hello <b>there</b>');
    expect(bubble.querySelector('b')).toBeNull();
    expect(bubble.getAttribute('data-status')).toBe('sending');
    const ack = chat.socket.takeAck('send_message');
    ack.resolve({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow' } });
    await render();
    expect(bubble.getAttribute('data-status')).toBe('failed');
    expect(bubble.textContent).toContain('Failed: too many messages at once —');

    bubble.querySelector<HTMLButtonElement>('.failure button')!.click();
    await render();
    const retry = chat.socket.takeAck('send_message');
    expect(retry.payload).toEqual(ack.payload);
  });

  it('keeps a draft per conversation', async () => {
    await openWith([]);
    const textarea = element.querySelector<HTMLTextAreaElement>('textarea')!;
    textarea.value = 'half-written';
    textarea.dispatchEvent(new Event('input'));
    await render();
    expect(chat.socket.emittedOf('typing')).toEqual([{ receiver: alice.id, isTyping: true }]);
    const bob = aUser({ username: 'bob' });
    TestBed.inject(ChatStore).rememberUsers([bob]);
    await harness.navigateByUrl(`/c/${bob.id}`);
    chat.backend.expectOne((r) => r.params.get('with') === bob.id).flush({ messages: [], hasMore: false });
    await render();
    expect(element.querySelector('textarea')?.value).toBe('');
    expect(chat.socket.emittedOf('typing').at(-1)).toEqual({ receiver: alice.id, isTyping: false });
    await harness.navigateByUrl(`/c/${alice.id}`);
    await render();
    expect(element.querySelector('textarea')?.value).toBe('half-written');
  });

  it('shows presence, last seen and typing in the header', async () => {
    await openWith([]);
    const presence = () => element.querySelector('[data-testid="presence"]')?.textContent?.trim();
    expect(presence()).toBe('');
    chat.socket.push('presence', { userId: alice.id, online: true, lastSeenAt: null });
    await render();
    expect(presence()).toBe('online');
    chat.socket.push('presence', { userId: alice.id, online: false, lastSeenAt: new Date().toISOString() });
    await render();
    expect(presence()).toBe('last seen just now');
    chat.socket.push('typing', { sender: alice.id, isTyping: true });
    await render();
    expect(presence()).toBe('typing…');
    expect(element.querySelector('chat-typing-indicator')?.textContent).toContain('alice is typing…');
    chat.socket.push('typing', { sender: alice.id, isTyping: false });
    await render();
  });

  it('blocks from the header menu after confirming, then disables the composer', async () => {
    HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    await openWith([]);
    const menuButton = element.querySelector<HTMLButtonElement>('[aria-label="Conversation options"]')!;
    expect(menuButton.getAttribute('aria-expanded')).toBe('false');
    menuButton.click();
    await render();
    expect(menuButton.getAttribute('aria-expanded')).toBe('true');
    const item = element.querySelector<HTMLButtonElement>('[role="menuitem"]')!;
    expect(item.textContent?.trim()).toBe('Block alice');
    expect(document.activeElement).toBe(item);
    item.click();
    await render();

    const dialog = element.querySelector('dialog')!;
    expect(dialog.hasAttribute('open')).toBe(true);
    dialog.returnValue = 'confirm';
    dialog.dispatchEvent(new Event('close'));
    const put = chat.backend.expectOne(`/api/blocks/${alice.id}`);
    expect(put.request.method).toBe('PUT');
    put.flush(null, { status: 204, statusText: 'No Content' });
    await render();

    expect(element.querySelector<HTMLTextAreaElement>('textarea')?.disabled).toBe(true);
    expect(element.textContent).toContain('You blocked alice. Unblock them to send messages.');
  });

  it('unblocks from the menu', async () => {
    await openWith([], true);
    element.querySelector<HTMLButtonElement>('[aria-label="Conversation options"]')!.click();
    await render();
    const item = element.querySelector<HTMLButtonElement>('[role="menuitem"]')!;
    expect(item.textContent?.trim()).toBe('Unblock alice');
    item.click();
    chat.backend.expectOne(`/api/blocks/${alice.id}`).flush(null, { status: 204, statusText: 'No Content' });
    await render();
    expect(element.querySelector<HTMLTextAreaElement>('textarea')?.disabled).toBe(false);
  });

  it('closes the menu with Escape and gives focus back to its button', async () => {
    await openWith([]);
    const menuButton = element.querySelector<HTMLButtonElement>('[aria-label="Conversation options"]')!;
    menuButton.click();
    await render();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await render();
    expect(element.querySelector('[role="menu"]')).toBeNull();
    expect(document.activeElement).toBe(menuButton);
  });
});

describe('failureText', () => {
  it('says why a message was not sent', () => {
    expect(failureText({ code: 'TIMEOUT', message: '' })).toBe('Failed');
    expect(failureText({ code: 'BLOCKED', message: '' })).toMatch(/blocked/);
    expect(failureText({ code: 'VALIDATION', message: 'text too long' })).toBe('Failed: text too long');
  });
});
