import type { Message } from '@chat/shared/contracts';
import type { TestApp } from './test-app';
import type { TestUser } from './users';

/** `GET /api/health` answers 200 `{ status: ok, db: up }` (the server survived whatever came before). */
export async function expectHealthy(app: Pick<TestApp, 'http'>): Promise<void> {
  const res = await app.http().get('/api/health');
  expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { status: 'ok', db: 'up' } });
}

/** The newest page (up to 100) of `as`'s conversation with `peer`. */
export async function historyOf(
  app: Pick<TestApp, 'http'>,
  as: TestUser,
  peer: TestUser,
): Promise<Message[]> {
  const res = await app.http().get(`/api/messages?with=${peer.user.id}&limit=100`).set(as.auth).expect(200);
  return res.body.messages as Message[];
}
