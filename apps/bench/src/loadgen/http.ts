import { Agent, request } from 'node:http';
import type { AuthResponse } from '@chat/shared/contracts';
import type { BenchUser, Target } from './protocol';

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface HttpReply<T> {
  status: number;
  body: T;
}

/** A JSON request over a keep-alive connection. */
export function requestJson<T>(
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): Promise<HttpReply<T>> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    if (token) headers['authorization'] = `Bearer ${token}`;
    const req = request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : null) as T });
        } catch (error) {
          reject(
            new Error(
              `${method} ${url}: ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`,
              { cause: error },
            ),
          );
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Logs in through `POST /api/auth/login`; throws unless the server answers 200 with a token. */
export async function login(target: Target, user: BenchUser): Promise<string> {
  const reply = await requestJson<AuthResponse>('POST', `${target.url}/api/auth/login`, {
    username: user.username,
    password: user.password,
  });
  if (reply.status !== 200 || !reply.body?.accessToken) {
    throw new Error(`login of ${user.username} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body.accessToken;
}

/** Runs `work` over `items` with at most `concurrency` at a time, keeping the order of results. */
export async function pool<I, O>(
  items: readonly I[],
  concurrency: number,
  work: (item: I, index: number) => Promise<O>,
): Promise<O[]> {
  const out = new Array<O>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

/** Socket tokens: an access token from a real login on the server, the user id on the relay. */
export function tokensFor(target: Target, users: readonly BenchUser[], concurrency = 32): Promise<string[]> {
  if (target.kind === 'relay') return Promise.resolve(users.map((u) => u.id));
  return pool(users, concurrency, (u) => login(target, u));
}
