import type { Message, SendMessageAck } from '@chat/shared/contracts';
import { clientMsgId, messageText } from '../lib/ids';
import { ratePerSecond, summarize } from '../lib/stats';
import { tokensFor } from './http';
import { loginLoop, sleep } from './logins';
import type { LatencyJob, LatencyResult, LoginResult } from './protocol';
import { ChatSocket, closeAll, connectAll } from './sockets';

/** Pause between the last socket connecting and the first message. */
export const CONNECT_SETTLE_MS = 1000;

interface Pending {
  t0: number;
  acked: boolean;
  received: boolean;
  failed: boolean;
  measured: boolean;
}

/**
 * Open-loop latency: every pair sends at a fixed rate whatever the replies do (so a slow server cannot slow the
 * load down and hide its own latency), the two users of a pair taking turns. Latency runs from the emit to the
 * receiver's `receive_message` and to the sender's ack, both seen in this process on one clock.
 */
export async function runLatency(job: LatencyJob): Promise<LatencyResult> {
  const tokens = await tokensFor(job.target, job.users, job.loginConcurrency);
  const sockets = await connectAll(job.target, tokens, 50);
  // What connecting sets off (presence, pending deliveries) settles before the clock starts.
  await sleep(CONNECT_SETTLE_MS);
  const run = job.runId;
  const pending = new Map<string, Pending>();
  const receiveSamples: number[] = [];
  const ackSamples: number[] = [];
  const errors: Record<string, number> = {};
  let sent = 0;
  let measuredSent = 0;
  let measuredReceived = 0;
  let open = 0;
  let allDone: (() => void) | null = null;

  const settle = (id: string, p: Pending) => {
    if (!(p.failed || (p.acked && p.received))) return;
    pending.delete(id);
    if (p.measured && --open === 0 && allDone) allDone();
  };

  sockets.forEach((socket: ChatSocket) => {
    socket.on('receive_message', (m: Message) => {
      const p = pending.get(m.clientMsgId);
      if (!p || p.received) return;
      p.received = true;
      if (p.measured) {
        receiveSamples.push(performance.now() - p.t0);
        measuredReceived++;
      }
      settle(m.clientMsgId, p);
    });
  });

  const period = 1000 / job.ratePerPair;
  const pairs = job.users.length / 2;
  const start = performance.now();
  const warmEnd = start + job.warmupMs;
  const end = warmEnd + job.durationMs;

  const send = (pair: number, k: number) => {
    const from = 2 * pair + (k % 2);
    const to = 2 * pair + 1 - (k % 2);
    const id = clientMsgId(run, from, k);
    const t0 = performance.now();
    const p: Pending = { t0, acked: false, received: false, failed: false, measured: t0 >= warmEnd };
    if (p.measured) {
      measuredSent++;
      open++;
    }
    pending.set(id, p);
    sent++;
    sockets[from].emit(
      'send_message',
      { receiver: job.users[to].id, text: messageText(k, job.textLength), clientMsgId: id },
      (reply: SendMessageAck) => {
        p.acked = true;
        if (reply.ok) {
          if (p.measured) ackSamples.push(performance.now() - p.t0);
        } else {
          p.failed = true;
          errors[reply.error.code] = (errors[reply.error.code] ?? 0) + 1;
        }
        settle(id, p);
      },
    );
  };

  const sending = Array.from(
    { length: pairs },
    (_, pair) =>
      new Promise<void>((resolve) => {
        const offset = (pair / pairs) * period;
        let k = 0;
        const tick = () => {
          if (performance.now() >= end) return resolve();
          send(pair, k++);
          setTimeout(tick, Math.max(0, start + offset + k * period - performance.now()));
        };
        setTimeout(tick, offset);
      }),
  );

  let logins: Promise<LoginResult> | undefined;
  if (job.logins) {
    const load = job.logins;
    logins = sleep(job.warmupMs).then(() => loginLoop(job.target, load, sleep(job.durationMs)));
  }

  await Promise.all(sending);
  if (open > 0) {
    await Promise.race([new Promise<void>((resolve) => (allDone = resolve)), sleep(job.drainMs)]);
  }
  const loginResult = logins ? await logins : undefined;
  closeAll(sockets);

  let lost = 0;
  for (const p of pending.values()) {
    if (!p.measured || p.failed) continue;
    lost++;
    if (!p.received) receiveSamples.push(Infinity);
    if (!p.acked) ackSamples.push(Infinity);
  }
  return {
    sent,
    measured: measuredSent,
    errors,
    lost,
    receive: summarize(receiveSamples),
    ack: summarize(ackSamples),
    deliveredRate: ratePerSecond(measuredReceived, job.durationMs),
    logins: loginResult,
  };
}
