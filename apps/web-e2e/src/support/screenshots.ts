import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** `docs/screenshots/` at the workspace root; the README shows these. */
export const SCREENSHOT_DIR = resolve(__dirname, '../../../../docs/screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // No caret blink or animation in the picture.
  await page.screenshot({
    path: resolve(SCREENSHOT_DIR, `${name}.png`),
    animations: 'disabled',
    caret: 'hide',
  });
}
