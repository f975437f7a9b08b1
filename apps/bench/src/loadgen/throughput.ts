import type { Message, SendMessageAck } from '@chat/shared/contracts';
import { clientMsgId, messageText } from '../lib/ids';
import { ratePerSecond } from '../lib/stats';
import { tokensFor } from './http';
import { CONNECT_SETTLE_MS } from './latency';
import { sleep } from './logins';
import type { ThroughputJob, ThroughputResult } from './protocol';
import { closeAll, connectAll } from './sockets';

interface Pending {
  pair: number;
  acked: boolean;
  received: boolean;
}

/**
 * Closed-loop throughput: each pair keeps `window` messages in flight; a message leaves the window once it is
 * both acked (stored, on the server) and received by the other user. Counts completions in the measured window.
 */
export async function runThroughput(job: ThroughputJob): Promise<ThroughputResult> {
  const tokens = await tokensFor(job.target, job.users, job.loginConcurrency);
  const sockets = await connectAll(job.target, tokens, 50);
  await sleep(CONNECT_SETTLE_MS);
  const run = job.runId;
  const pairs = job.users.length / 2;
  const inFlight = new Array<number>(pairs).fill(0);
  const seq = new Array<number>(pairs).fill(0);
  const pending = new Map<string, Pending>();
  const errors: Record<string, number> = {};
  let sent = 0;
  let acked = 0;
  let completed = 0;
  let sending = true;
  let drained: (() => void) | null = null;

  const start = performance.now();
  const warmEnd = start + job.warmupMs;
  const end = warmEnd + job.durationMs;

  const finish = (id: string, p: Pending) => {
    pending.delete(id);
    inFlight[p.pair]--;
    const now = performance.now();
    if (now >= warmEnd && now < end) completed++;
    if (sending) pump(p.pair);
    else if (pending.size === 0 && drained) drained();
  };

  const pump = (pair: number) => {
    while (inFlight[pair] < job.window) {
      const k = seq[pair]++;
      const from = 2 * pair + (k % 2);
      const to = 2 * pair + 1 - (k % 2);
      const id = clientMsgId(run, from, k);
      const p: Pending = { pair, acked: false, received: false };
      pending.set(id, p);
      inFlight[pair]++;
      sent++;
      sockets[from].emit(
        'send_message',
        { receiver: job.users[to].id, text: messageText(k, job.textLength), clientMsgId: id },
        (reply: SendMessageAck) => {
          p.acked = true;
          if (reply.ok) acked++;
          else errors[reply.error.code] = (errors[reply.error.code] ?? 0) + 1;
          if (!reply.ok || p.received) finish(id, p);
        },
      );
    }
  };

  sockets.forEach((socket) => {
    socket.on('receive_message', (m: Message) => {
      const p = pending.get(m.clientMsgId);
      if (!p || p.received) return;
      p.received = true;
      if (p.acked) finish(m.clientMsgId, p);
    });
  });

  for (let pair = 0; pair < pairs; pair++) pump(pair);
  await sleep(end - performance.now());
  sending = false;
  if (pending.size > 0) {
    await Promise.race([new Promise<void>((resolve) => (drained = resolve)), sleep(job.drainMs)]);
  }
  closeAll(sockets);
  return {
    rate: ratePerSecond(completed, job.durationMs),
    completed,
    acked,
    sent,
    errors,
    lost: pending.size,
  };
}
