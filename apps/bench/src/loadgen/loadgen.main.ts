import { runConnections } from './connections';
import { runHistory } from './history';
import { runLatency } from './latency';
import { runLogins } from './logins';
import type { Job, JobResult, LoadgenMessage, RunnerMessage } from './protocol';
import { runThroughput } from './throughput';

/**
 * The load generator: a process of its own, forked by the runner with an IPC channel. It takes one job, runs it
 * with the official socket.io-client (and REST over keep-alive HTTP), sends the result back and exits.
 */
function send(message: LoadgenMessage): Promise<void> {
  return new Promise((resolve, reject) =>
    process.send?.(message, undefined, {}, (e) => (e ? reject(e) : resolve())),
  );
}

const waiting = new Map<string, () => void>();

function barrier(name: string, detail?: unknown): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.set(name, resolve);
    void send({ type: 'barrier', name, detail });
  });
}

function run(job: Job): Promise<JobResult> {
  switch (job.kind) {
    case 'latency':
      return runLatency(job);
    case 'throughput':
      return runThroughput(job);
    case 'connections':
      return runConnections(job, barrier);
    case 'history':
      return runHistory(job);
    case 'logins':
      return runLogins(job.target, { users: job.users, concurrency: job.concurrency }, job.durationMs);
  }
}

if (!process.send) {
  console.error('the load generator is started by the bench runner (npm run bench), with an IPC channel');
  process.exit(2);
}

process.on('message', (message: RunnerMessage) => {
  if (message.type === 'continue') {
    waiting.get(message.name)?.();
    waiting.delete(message.name);
    return;
  }
  run(message.job)
    .then((result) => send({ type: 'result', result }))
    .catch((error: unknown) =>
      send({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
    )
    .finally(() => process.exit(0));
});
