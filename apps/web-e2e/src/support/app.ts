import type { Credentials } from '@chat/shared/contracts';
import { someCredentials } from '@chat/shared/util-testing';
import { Locator, Page } from 'playwright-core';
import { eventually } from './browser';

/** What a test knows about a user it created. */
export interface TestUser extends Credentials {
  prefix: string;
}

export function newUser(prefix: string): TestUser {
  return { ...someCredentials({ username: uniqueName(prefix) }), prefix };
}

/** Readable in screenshots, unique within a run (each run starts with an empty database). */
function uniqueName(prefix: string): string {
  return `${prefix}.${Math.random().toString(36).slice(2, 7)}`;
}

export async function register(page: Page, user: Credentials): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await signedInAs(page, user.username);
}

export async function signIn(page: Page, user: Credentials): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await signedInAs(page, user.username);
}

export async function signedInAs(page: Page, username: string): Promise<void> {
  await page.getByTestId('me').filter({ hasText: username }).waitFor();
}

/** Finds a user with the search box and opens the conversation with them. */
export async function startConversation(page: Page, username: string): Promise<void> {
  const search = page.getByLabel('Search users', { exact: true });
  await search.fill(username);
  await page.locator('#search-results').getByRole('link', { name: username }).click();
  await peerHeader(page, username).waitFor();
}

/** Opens an existing conversation from the list. */
export async function openConversation(page: Page, username: string): Promise<void> {
  await conversationLink(page, username).click();
  await peerHeader(page, username).waitFor();
}

export function conversationLink(page: Page, username: string): Locator {
  return page.locator(`a.row[data-peer="${username}"]`);
}

export function peerHeader(page: Page, username: string): Locator {
  return page.getByTestId('peer-name').filter({ hasText: username });
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

export function messageLog(page: Page): Locator {
  return page.getByRole('log');
}

export function bubbles(page: Page): Locator {
  return messageLog(page).locator('chat-message-bubble');
}

export function bubbleWithText(page: Page, text: string): Locator {
  return bubbles(page).filter({ has: page.getByTestId('message-text').getByText(text, { exact: true }) });
}

/** Texts of the messages shown, in order. */
export function messageTexts(page: Page): Promise<string[]> {
  return messageLog(page).getByTestId('message-text').allTextContents();
}

/** Waits until an own message shows the given delivery status (sending, sent, delivered, read, failed). */
export async function expectStatus(page: Page, text: string, status: string): Promise<void> {
  await eventually(async () => {
    const bubble = bubbleWithText(page, text);
    const value = await bubble.getAttribute('data-status', { timeout: 1000 });
    if (value !== status) throw new Error(`status of "${text}" is ${value}, expected ${status}`);
    // The status is exposed to assistive technology too, not only as an icon.
    const label = (await bubble.locator('chat-status-ticks').textContent())?.trim();
    if (label?.toLowerCase() !== status) throw new Error(`accessible status of "${text}" is ${label}`);
  });
}
