import { Browser, BrowserContext } from 'playwright-core';
import {
  bubbleWithText,
  conversationLink,
  expectStatus,
  messageTexts,
  newUser,
  openConversation,
  sendMessage,
  signedInAs,
  signIn,
  startConversation,
} from './support/app';
import { createUser } from './support/api';
import { launchBrowser, newUserContext } from './support/browser';
import { Stack, startStack } from './support/stack';

/** The server's shortest access-token lifetime: the socket is closed by the server when it ends. */
const ACCESS_TTL_SECONDS = 10;

describe('an expiring access token', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startStack({ JWT_ACCESS_TTL: String(ACCESS_TTL_SECONDS) });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await stack?.stop();
  });

  it('is renewed without the user noticing: the socket reconnects with the new token and chat goes on', async () => {
    const alice = newUser('alice');
    const bob = newUser('bob');
    await createUser(alice, stack.baseUrl);
    await createUser(bob, stack.baseUrl);
    const a = await newUserContext(browser, { baseURL: stack.baseUrl });
    const b = await newUserContext(browser, { baseURL: stack.baseUrl });
    contexts.push(a.context, b.context);
    await signIn(a.page, alice);
    await signIn(b.page, bob);
    await startConversation(a.page, bob.username);
    await sendMessage(a.page, 'before the token expires');
    await conversationLink(b.page, alice.username).waitFor();
    await openConversation(b.page, alice.username);

    // When Alice's token ends, the server closes her socket; the app refreshes and reconnects by itself.
    const renewed = a.page.waitForResponse(
      (response) => response.url().endsWith('/api/auth/refresh') && response.status() === 200,
      { timeout: (ACCESS_TTL_SECONDS + 60) * 1000 },
    );
    await renewed;
    await a.page.getByTestId('connection-banner').waitFor({ state: 'detached' });

    await sendMessage(b.page, 'after the renewal');
    await bubbleWithText(a.page, 'after the renewal').waitFor();
    await sendMessage(a.page, 'still here');
    await expectStatus(a.page, 'still here', 'read');
    expect(await messageTexts(b.page)).toEqual([
      'before the token expires',
      'after the renewal',
      'still here',
    ]);

    // REST calls go on too, and she is still signed in after a reload.
    await a.page.reload();
    await signedInAs(a.page, alice.username);
    await bubbleWithText(a.page, 'still here').waitFor();
    expect(a.dialogs).toEqual([]);
  });
});
