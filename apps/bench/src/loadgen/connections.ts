import { ratePerSecond } from '../lib/stats';
import { pool, tokensFor } from './http';
import type { ConnectionsJob, ConnectionsResult } from './protocol';
import { ChatSocket, closeAll, connect } from './sockets';

/**
 * Logs every user in, waits at the barrier `authenticated` (the runner reads the server's memory with no socket
 * open), opens one socket per user, and waits at `connected` (the runner reads it again) before closing them.
 */
export async function runConnections(
  job: ConnectionsJob,
  barrier: (name: string) => Promise<void>,
): Promise<ConnectionsResult> {
  const tokens = await tokensFor(job.target, job.users);
  await barrier('authenticated');
  const sockets: ChatSocket[] = [];
  let failed = 0;
  const t0 = performance.now();
  await pool(tokens, job.concurrency, async (token) => {
    try {
      sockets.push(await connect(job.target, token));
    } catch {
      failed++;
    }
  });
  const connectMs = performance.now() - t0;
  await barrier('connected');
  const alive = sockets.filter((s) => s.connected).length;
  closeAll(sockets);
  return { sockets: alive, connectMs, connectRate: ratePerSecond(sockets.length, connectMs), failed };
}
