import { Browser, BrowserContext } from 'playwright-core';
import {
  bubbleWithText,
  conversationLink,
  expectStatus,
  messageTexts,
  newUser,
  openConversation,
  sendMessage,
  signIn,
  startConversation,
} from './support/app';
import { createUser } from './support/api';
import { baseUrl, eventually, launchBrowser, newUserContext } from './support/browser';
import { startTcpProxy, TcpProxy } from './support/tcp-proxy';

describe('losing the connection', () => {
  let browser: Browser;
  let proxy: TcpProxy;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    proxy = await startTcpProxy(Number(new URL(baseUrl()).port));
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await proxy?.close();
  });

  it('shows a banner, then brings the missed messages in order, none twice', async () => {
    const alice = newUser('alice');
    const bob = newUser('bob');
    await createUser(alice);
    await createUser(bob);
    // Alice reaches the server through a relay that the test can cut; Bob directly.
    const a = await newUserContext(browser, { baseURL: `http://127.0.0.1:${proxy.port}` });
    const b = await newUserContext(browser);
    contexts.push(a.context, b.context);
    await signIn(a.page, alice);
    await signIn(b.page, bob);

    await startConversation(a.page, bob.username);
    await sendMessage(a.page, 'before the tunnel');
    await conversationLink(b.page, alice.username).waitFor();
    await openConversation(b.page, alice.username);
    await expectStatus(a.page, 'before the tunnel', 'read');

    proxy.cut();
    const banner = a.page.getByTestId('connection-banner');
    await banner.filter({ hasText: 'Connection lost. Reconnecting…' }).waitFor();
    await b.page.getByTestId('presence').filter({ hasText: 'last seen' }).waitFor();

    await sendMessage(b.page, 'missed one');
    await sendMessage(b.page, 'missed two');
    await expectStatus(b.page, 'missed two', 'sent');

    proxy.restore();
    await banner.waitFor({ state: 'detached' });
    await bubbleWithText(a.page, 'missed two').waitFor();
    await eventually(async () =>
      expect(await messageTexts(a.page)).toEqual(['before the tunnel', 'missed one', 'missed two']),
    );
    // Alice has the conversation open, so Bob sees his messages read.
    await expectStatus(b.page, 'missed two', 'read');

    // The connection works again both ways.
    await sendMessage(a.page, 'back online');
    await bubbleWithText(b.page, 'back online').waitFor();
    expect(await messageTexts(b.page)).toEqual([
      'before the tunnel',
      'missed one',
      'missed two',
      'back online',
    ]);
  });
});
