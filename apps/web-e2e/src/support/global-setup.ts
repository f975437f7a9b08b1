import { startStack } from './stack';

/** Starts the real server (built API + built web app) on a free port, unless E2E_BASE_URL names one already running. */
export default async function globalSetup(): Promise<void> {
  if (process.env['E2E_BASE_URL']) return;
  const stack = await startStack();
  (globalThis as { __CHAT_STACK__?: unknown }).__CHAT_STACK__ = stack;
  process.env['E2E_BASE_URL'] = stack.baseUrl;
}
