import type { Stack } from './stack';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __CHAT_STACK__?: Stack };
  await holder.__CHAT_STACK__?.stop();
  delete holder.__CHAT_STACK__;
}
