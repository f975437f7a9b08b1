import { Browser, BrowserContext, Page } from 'playwright-core';
import {
  bubbleWithText,
  conversationLink,
  newUser,
  openConversation,
  peerHeader,
  sendMessage,
  signIn,
  signedInAs,
} from './support/app';
import { connectAs, createUser, sendAs } from './support/api';
import { seriousViolations } from './support/axe';
import { launchBrowser, newUserContext } from './support/browser';
import { saveScreenshot } from './support/screenshots';

describe('accessibility', () => {
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

  /** Alice with a conversation holding messages both ways, some unread. */
  async function aliceWithAConversation() {
    const alice = newUser('alice');
    const bob = newUser('bob');
    const a = await createUser(alice);
    const b = await createUser(bob);
    const aliceSocket = await connectAs(a.accessToken);
    const bobSocket = await connectAs(b.accessToken);
    try {
      await sendAs(aliceSocket, b.user.id, 'Hi Bob, is the report ready? https://example.com/report');
      await sendAs(bobSocket, a.user.id, 'Almost: one more chart.');
      await sendAs(bobSocket, a.user.id, 'Sending it tonight.');
    } finally {
      aliceSocket.disconnect();
      bobSocket.disconnect();
    }
    return { alice, bob };
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violation on any screen (${colorScheme} theme)`, async () => {
      const { alice, bob } = await aliceWithAConversation();
      const session = await newUserContext(browser, { colorScheme });
      contexts.push(session.context);
      const page = session.page;

      await page.goto('/login');
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      // With field errors shown.
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Enter your username.').waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await signIn(page, alice);
      await conversationLink(page, bob.username).getByTestId('unread-badge').waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await openConversation(page, bob.username);
      await bubbleWithText(page, 'Sending it tonight.').waitFor();
      await page.getByTestId('new-messages-divider').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      if (colorScheme === 'dark') await saveScreenshot(page, 'chat-dark');

      await page.getByRole('button', { name: 'Conversation options' }).click();
      await page.getByRole('menuitem', { name: `Block ${bob.username}` }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
    });
  }

  it('works with the keyboard alone, with a visible focus', async () => {
    const { alice, bob } = await aliceWithAConversation();
    const session = await newUserContext(browser);
    contexts.push(session.context);
    const page = session.page;

    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await tabTo(page, '#username');
    await page.keyboard.type(alice.username);
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('password');
    await page.keyboard.type(alice.password);
    await page.keyboard.press('Enter');
    await signedInAs(page, alice.username);

    // Search by keyboard and open the conversation with Enter.
    await tabTo(page, '#user-search');
    await expectVisibleFocus(page);
    await page.keyboard.type(bob.username);
    const result = page.locator('#search-results').getByRole('link', { name: bob.username });
    await result.waitFor();
    await tabTo(page, `#search-results a.row`);
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await peerHeader(page, bob.username).waitFor();

    // The composer has focus: type and send with Enter.
    await page.getByLabel('Message', { exact: true }).waitFor();
    expect(await focusedId(page)).toBe('composer-input');
    await page.keyboard.type('Sent without a mouse');
    await page.keyboard.press('Enter');
    await bubbleWithText(page, 'Sent without a mouse').waitFor();

    // The options menu opens from the keyboard, and Escape gives focus back to its button.
    await tabTo(page, 'button[aria-label="Conversation options"]', true);
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: `Block ${bob.username}` }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Conversation options',
    );

    // The message log can be focused to scroll it with the arrow keys.
    await tabTo(page, '[role="log"]');
    await expectVisibleFocus(page);

    // And back to the list, to another conversation, with Tab and Enter only.
    await tabTo(page, `a.row[data-peer="${bob.username}"]`, true);
    await page.keyboard.press('Enter');
    await sendMessage(page, 'and one more');
    await bubbleWithText(page, 'and one more').waitFor();
  });
});

async function focusedId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.activeElement?.id);
}

/** Presses Tab (or Shift+Tab) until the element matching `selector` has focus; fails after 40 presses. */
async function tabTo(page: Page, selector: string, backwards = false): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The focused element shows a focus indicator: an outline or a box shadow. */
async function expectVisibleFocus(page: Page): Promise<void> {
  const style = await page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const computed = getComputedStyle(element);
    return { outline: computed.outlineStyle, width: computed.outlineWidth, shadow: computed.boxShadow };
  });
  const outlined = style.outline !== 'none' && style.width !== '0px';
  expect(outlined || style.shadow !== 'none').toBe(true);
}
