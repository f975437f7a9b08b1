import { Browser, BrowserContext } from 'playwright-core';
import { bubbleWithText, messageLog, messageTexts, newUser, openConversation, signIn } from './support/app';
import { ClientSocket, connectAs, createUser, sendAs } from './support/api';
import { eventually, launchBrowser, newUserContext } from './support/browser';

describe('long conversations', () => {
  let browser: Browser;
  let context: BrowserContext | undefined;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await context?.close();
    await browser?.close();
  });

  it('load older pages on scrolling up without the view jumping', async () => {
    const alice = newUser('alice');
    const bob = newUser('bob');
    const a = await createUser(alice);
    const b = await createUser(bob);
    const aliceSocket = await connectAs(a.accessToken);
    const bobSocket = await connectAs(b.accessToken);
    sockets.push(aliceSocket, bobSocket);
    const texts: string[] = [];
    let lastFromBob = '';
    for (let i = 1; i <= 130; i += 1) {
      const text = `message ${String(i).padStart(3, '0')}`;
      texts.push(text);
      // Alternate the authors, so both sides of the log are exercised.
      if (i % 2) lastFromBob = (await sendAs(bobSocket, a.user.id, text)).id;
      else await sendAs(aliceSocket, b.user.id, text);
    }
    // Alice has read it all elsewhere, so the conversation opens at the bottom (no "new messages" divider).
    const read = await aliceSocket
      .timeout(20_000)
      .emitWithAck('mark_read', { peer: b.user.id, upTo: lastFromBob });
    expect(read.ok).toBe(true);

    const session = await newUserContext(browser);
    context = session.context;
    const page = session.page;
    await signIn(page, alice);
    await openConversation(page, bob.username);

    // The newest page, scrolled to the bottom.
    const log = messageLog(page);
    await bubbleWithText(page, 'message 130').waitFor();
    expect(await messageTexts(page)).toEqual(texts.slice(-50));
    await eventually(async () => expect(await isScrolledToBottom(log)).toBe(true));

    for (const expected of [100, 130]) {
      const anchor = expected === 100 ? 'message 081' : 'message 031';
      // Scroll to the top: the older page is inserted above without moving what is on screen.
      const before = await scrollToTopAndMeasure(log, anchor);
      await eventually(async () => expect(await messageTexts(page)).toHaveLength(expected));
      const after = await offsetInLog(log, anchor);
      expect(Math.abs(after - before)).toBeLessThanOrEqual(2);
    }
    expect(await messageTexts(page)).toEqual(texts);
    await page.getByText(`This is the beginning of your conversation with ${bob.username}.`).waitFor();

    // Reading old messages, a new one arrives: the view stays put and offers a way down to it.
    const before = await offsetInLog(log, 'message 031');
    await sendAs(bobSocket, a.user.id, 'message 131');
    const jump = page.getByRole('button', { name: 'New messages' });
    await jump.waitFor();
    expect(Math.abs((await offsetInLog(log, 'message 031')) - before)).toBeLessThanOrEqual(2);
    await jump.click();
    await eventually(async () => expect(await isScrolledToBottom(log)).toBe(true));
    await jump.waitFor({ state: 'detached' });
  });
});

function isScrolledToBottom(log: import('playwright-core').Locator): Promise<boolean> {
  return log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight < 2);
}

/** Scrolls the log to the top and, in the same task (before any page loads), says where `text` is on screen. */
function scrollToTopAndMeasure(log: import('playwright-core').Locator, text: string): Promise<number> {
  return log.evaluate((element, wanted) => {
    element.scrollTop = 0;
    const bubble = [...element.querySelectorAll('[data-testid="message-text"]')].find(
      (node) => node.textContent === wanted,
    );
    if (!bubble) throw new Error(`${wanted} is not shown`);
    return bubble.getBoundingClientRect().top - element.getBoundingClientRect().top;
  }, text);
}

/** Where a message is on screen, relative to the top of the log's viewport. */
function offsetInLog(log: import('playwright-core').Locator, text: string): Promise<number> {
  return log.evaluate((element, wanted) => {
    const bubble = [...element.querySelectorAll('[data-testid="message-text"]')].find(
      (node) => node.textContent === wanted,
    );
    if (!bubble) throw new Error(`${wanted} is not shown`);
    return bubble.getBoundingClientRect().top - element.getBoundingClientRect().top;
  }, text);
}
