import { Browser, BrowserContext } from 'playwright-core';
import {
  bubbleWithText,
  conversationLink,
  expectStatus,
  messageLog,
  messageTexts,
  newUser,
  openConversation,
  peerHeader,
  register,
  sendMessage,
  signedInAs,
  signIn,
  startConversation,
} from './support/app';
import { createUser } from './support/api';
import { baseUrl, eventually, launchBrowser, newUserContext, PHONE } from './support/browser';
import { saveScreenshot } from './support/screenshots';

describe('chatting in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function person(options: Parameters<typeof newUserContext>[1] = {}) {
    const session = await newUserContext(browser, options);
    contexts.push(session.context);
    return session;
  }

  /** A user created through the API and signed in, in a browser context of their own. */
  async function signedIn(name: string) {
    const account = newUser(name);
    await createUser(account);
    const session = await person();
    await signIn(session.page, account);
    return { account, session };
  }

  it('two people register, find each other and chat both ways in real time, up to "read"', async () => {
    const alice = newUser('alice');
    const bob = newUser('bob');
    const a = await person();
    const b = await person();

    await a.page.goto('/login');
    await a.page.getByRole('button', { name: 'Create account' }).waitFor();
    await saveScreenshot(a.page, 'sign-in');
    await register(a.page, alice);
    await register(b.page, bob);

    await startConversation(a.page, bob.username);
    await sendMessage(a.page, 'Hi Bob! 👋');
    await expectStatus(a.page, 'Hi Bob! 👋', 'delivered');

    // Bob sees the new conversation arrive, unread, without reloading.
    const row = conversationLink(b.page, alice.username);
    await eventually(async () => expect(await row.getByTestId('unread-badge').textContent()).toContain('1'));
    await eventually(async () => expect(await b.page.title()).toBe('(1) Chat'));
    await openConversation(b.page, alice.username);
    await bubbleWithText(b.page, 'Hi Bob! 👋').waitFor();
    await eventually(async () => expect(await b.page.title()).toBe('Chat'));

    // Alice's message reaches "read" once Bob has it on screen.
    await expectStatus(a.page, 'Hi Bob! 👋', 'read');

    // Bob types: Alice sees it; Bob answers: Alice gets it live.
    await b.page.getByLabel('Message', { exact: true }).pressSequentially('Hey Al');
    await a.page.getByText(`${bob.username} is typing…`).waitFor();
    await b.page.getByLabel('Message', { exact: true }).fill('Hey Alice, good to see you here.');
    await b.page.getByLabel('Message', { exact: true }).press('Enter');
    await bubbleWithText(a.page, 'Hey Alice, good to see you here.').waitFor();
    await expectStatus(b.page, 'Hey Alice, good to see you here.', 'read');
    await a.page.getByText(`${bob.username} is typing…`).waitFor({ state: 'detached' });

    // Shift+Enter makes a new line; Enter sends the two lines as one message.
    const box = a.page.getByLabel('Message', { exact: true });
    await box.pressSequentially('Line one');
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');
    await box.press('Enter');
    await bubbleWithText(b.page, 'Line one\nline two').waitFor();
    expect(await messageTexts(b.page)).toEqual([
      'Hi Bob! 👋',
      'Hey Alice, good to see you here.',
      'Line one\nline two',
    ]);

    await a.page.getByText('online', { exact: true }).waitFor();
    await saveScreenshot(a.page, 'chat-desktop');
  });

  it('someone who went away finds the messages on return, and a reload keeps the history', async () => {
    const { account: alice, session: a } = await signedIn('alice');
    const { account: bob, session: b } = await signedIn('bob');

    await startConversation(a.page, bob.username);
    await sendMessage(a.page, 'Are you around later?');
    await conversationLink(b.page, alice.username).waitFor();

    // Alice closes her tab; Bob answers while she is away.
    await a.page.close();
    await openConversation(b.page, alice.username);
    await b.page.getByTestId('presence').filter({ hasText: 'last seen' }).waitFor();
    await sendMessage(b.page, 'Yes, after six.');
    await sendMessage(b.page, 'Call me when you are back.');
    await expectStatus(b.page, 'Call me when you are back.', 'sent');

    // She comes back: the session is restored from the refresh cookie, the list shows two unread messages.
    const page = await a.context.newPage();
    await page.goto('/');
    await signedInAs(page, alice.username);
    const row = conversationLink(page, bob.username);
    await eventually(async () => expect(await row.getByTestId('unread-badge').textContent()).toContain('2'));
    await openConversation(page, bob.username);
    await page.getByTestId('new-messages-divider').waitFor();
    expect(await messageTexts(page)).toEqual([
      'Are you around later?',
      'Yes, after six.',
      'Call me when you are back.',
    ]);
    await expectStatus(b.page, 'Call me when you are back.', 'read');

    // A reload keeps her signed in, in the same conversation, with the history.
    await page.reload();
    await peerHeader(page, bob.username).waitFor();
    await bubbleWithText(page, 'Call me when you are back.').waitFor();
    expect(await messageTexts(page)).toEqual([
      'Are you around later?',
      'Yes, after six.',
      'Call me when you are back.',
    ]);

    // Signing out ends the session: a reload stays on the sign-in screen.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('while the tab is hidden: a notification, the unread count in the title, and "read" only once seen', async () => {
    const alice = newUser('alice');
    const bob = newUser('bob');
    await createUser(alice);
    await createUser(bob);
    const a = await person({ permissions: ['notifications'] });
    await a.context.addInitScript(emulateHiddenTabAndRecordNotifications);
    const b = await person();
    await signIn(a.page, alice);
    await signIn(b.page, bob);
    await startConversation(a.page, bob.username);
    await sendMessage(a.page, 'ping me');
    await conversationLink(b.page, alice.username).waitFor();
    await openConversation(b.page, alice.username);

    await a.page.evaluate(() =>
      (window as unknown as { __setHidden(hidden: boolean): void }).__setHidden(true),
    );
    await sendMessage(b.page, 'pong');
    await expectStatus(b.page, 'pong', 'delivered');
    await eventually(async () =>
      expect(
        await a.page.evaluate(() => (window as unknown as { __notifications: string[][] }).__notifications),
      ).toEqual([[bob.username, 'pong']]),
    );
    await eventually(async () => expect(await a.page.title()).toBe('(1) Chat'));
    // Not read while nobody can see it.
    expect(await bubbleWithText(b.page, 'pong').getAttribute('data-status')).toBe('delivered');

    await a.page.evaluate(() =>
      (window as unknown as { __setHidden(hidden: boolean): void }).__setHidden(false),
    );
    await expectStatus(b.page, 'pong', 'read');
    await eventually(async () => expect(await a.page.title()).toBe('Chat'));
  });

  it('shows a message full of HTML and script as plain text', async () => {
    const { account: alice, session: a } = await signedIn('alice');
    const { account: mallory, session: m } = await signedIn('mallory');

    const hostile =
      '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2;alert(2)</script>' +
      '<b>bold</b> <a href="javascript:alert(3)">click</a> {{ 7*7 }} <iframe src="javascript:alert(4)"></iframe>';
    await startConversation(m.page, alice.username);
    await sendMessage(m.page, hostile);
    await sendMessage(m.page, 'safe link: https://example.com/docs?a=1&b=2.');

    await openConversation(a.page, mallory.username);
    const bubble = bubbleWithText(a.page, hostile);
    await bubble.waitFor();
    expect(await bubble.getByTestId('message-text').textContent()).toBe(hostile);
    const log = messageLog(a.page);
    expect(await log.locator('img, script, b, iframe').count()).toBe(0);
    expect(await log.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await a.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(a.dialogs).toEqual([]);

    const link = log.getByRole('link', { name: 'https://example.com/docs?a=1&b=2' });
    expect(await link.getAttribute('href')).toBe('https://example.com/docs?a=1&b=2');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');

    // The conversation list preview is text as well.
    const preview = conversationLink(a.page, mallory.username).locator('.preview');
    expect(await preview.locator('img, script, b').count()).toBe(0);
    expect(a.dialogs).toEqual([]);
    expect(m.dialogs).toEqual([]);
  });

  it('refuses usernames full of markup, and shows every echo of one as text', async () => {
    const hostile =
      '<img src=x data-xss onerror="window.__xss=1;alert(1)"><b data-xss>x</b><script>alert(2)</script>';
    const injected = (page: import('playwright-core').Page) =>
      page.evaluate(() => ({
        elements: document.querySelectorAll('[data-xss]').length,
        ran: (window as unknown as { __xss?: number }).__xss,
      }));

    // The server refuses such a name outright: no account can carry markup to other people's screens.
    const refused = await fetch(`${baseUrl()}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: hostile.slice(0, 32), password: 'a-long-enough-password' }),
    });
    expect(refused.status).toBe(400);

    // The form: registering and signing in with it show refusals as text.
    const visitor = await person();
    await visitor.page.goto('/login');
    await visitor.page.getByLabel('Username', { exact: true }).fill(hostile);
    await visitor.page.getByLabel('Password', { exact: true }).fill('a-long-enough-password');
    await visitor.page.getByRole('button', { name: 'Create account', exact: true }).click();
    await visitor.page.locator('#username-error').waitFor();
    await visitor.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await visitor.page.locator('.server-error').waitFor();
    expect(await injected(visitor.page)).toEqual({ elements: 0 });

    // The user search echoes the query, as text.
    const { session: a } = await signedIn('alice');
    await a.page.getByLabel('Search users', { exact: true }).fill(hostile);
    await a.page.locator('#search-results [role="status"]').filter({ hasText: /\S/ }).waitFor();
    await eventually(async () =>
      expect(await a.page.locator('#search-results').getAttribute('aria-busy')).toBe('false'),
    );
    expect(await injected(a.page)).toEqual({ elements: 0 });
    expect(visitor.dialogs).toEqual([]);
    expect(a.dialogs).toEqual([]);
  });

  it('at 360 px wide, the list and the conversation are two screens', async () => {
    const alice = newUser('alice');
    const bob = newUser('bob');
    const { user: bobUser } = await createUser(bob);
    await createUser(alice);
    const a = await person({ viewport: PHONE, isMobile: true, hasTouch: true });
    await signIn(a.page, alice);

    await startConversation(a.page, bob.username);
    expect(a.page.url()).toContain(`/c/${bobUser.id}`);
    // Only the conversation is on screen.
    expect(await a.page.getByLabel('Search users', { exact: true }).isVisible()).toBe(false);
    await sendMessage(a.page, 'Typed on a small screen, long enough to wrap onto a few lines of the bubble.');
    await expectStatus(
      a.page,
      'Typed on a small screen, long enough to wrap onto a few lines of the bubble.',
      'sent',
    );
    await expectNoHorizontalScroll(a.page);
    await saveScreenshot(a.page, 'chat-mobile');

    await a.page.getByRole('link', { name: 'Back to conversations' }).click();
    await conversationLink(a.page, bob.username).waitFor();
    expect(await a.page.getByRole('log').isVisible()).toBe(false);
    await expectNoHorizontalScroll(a.page);
    await saveScreenshot(a.page, 'list-mobile');
  });

  it('blocking stops messages both ways, a failed send can be retried once unblocked', async () => {
    const { account: alice, session: a } = await signedIn('alice');
    const { account: bob, session: b } = await signedIn('bob');
    await startConversation(b.page, alice.username);
    await sendMessage(b.page, 'first');
    await openConversation(a.page, bob.username);

    await a.page.getByRole('button', { name: 'Conversation options' }).click();
    await a.page.getByRole('menuitem', { name: `Block ${bob.username}` }).click();
    await a.page.getByRole('dialog').getByRole('button', { name: 'Block' }).click();
    await a.page.getByText(`You blocked ${bob.username}. Unblock them to send messages.`).waitFor();
    expect(await a.page.getByLabel('Message', { exact: true }).isDisabled()).toBe(true);

    await sendMessage(b.page, 'are you ignoring me?');
    await expectStatus(b.page, 'are you ignoring me?', 'failed');
    const failed = bubbleWithText(b.page, 'are you ignoring me?');
    await failed.getByText('Failed: messages between you are blocked —').waitFor();

    await a.page.getByRole('button', { name: 'Conversation options' }).click();
    await a.page.getByRole('menuitem', { name: `Unblock ${bob.username}` }).click();
    await eventually(async () =>
      expect(await a.page.getByLabel('Message', { exact: true }).isDisabled()).toBe(false),
    );

    await failed.getByRole('button', { name: 'Retry' }).click();
    await expectStatus(b.page, 'are you ignoring me?', 'read');
    await bubbleWithText(a.page, 'are you ignoring me?').waitFor();
    expect(await messageTexts(a.page)).toEqual(['first', 'are you ignoring me?']);
    expect(await messageTexts(b.page)).toEqual(['first', 'are you ignoring me?']);
  });
});

/**
 * Runs in the page before the app: lets the test hide the tab (headless Chromium keeps every tab visible) and records
 * the notifications the app shows.
 */
function emulateHiddenTabAndRecordNotifications(): void {
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', {
    get: () => (hidden ? 'hidden' : 'visible'),
  });
  Object.defineProperty(Document.prototype, 'hidden', { get: () => hidden });
  const recorded: string[][] = [];
  const NativeNotification = window.Notification;
  class RecordingNotification extends NativeNotification {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      recorded.push([title, options?.body ?? '']);
    }
  }
  Object.assign(window, {
    Notification: RecordingNotification,
    __notifications: recorded,
    __setHidden(value: boolean) {
      hidden = value;
      document.dispatchEvent(new Event('visibilitychange'));
    },
  });
}

async function expectNoHorizontalScroll(page: import('playwright-core').Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}
