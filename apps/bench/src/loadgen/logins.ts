import { ratePerSecond, summarize } from '../lib/stats';
import { requestJson } from './http';
import type { LoginLoad, LoginResult, Target } from './protocol';

/**
 * Logins in `concurrency` closed loops (each starts its next login when the last one answers) until `stop()`
 * resolves; counts only logins that finished while running.
 */
export async function loginLoop(target: Target, load: LoginLoad, stop: Promise<void>): Promise<LoginResult> {
  let running = true;
  void stop.then(() => (running = false));
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  let ended = started;
  const worker = async () => {
    while (running) {
      const user = load.users[next++ % load.users.length];
      const t0 = performance.now();
      const reply = await requestJson<unknown>('POST', `${target.url}/api/auth/login`, {
        username: user.username,
        password: user.password,
      }).catch(() => ({ status: 0 }));
      if (!running) break;
      ended = performance.now();
      latencies.push(ended - t0);
      if (reply.status === 200) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: load.concurrency }, worker));
  return { ok, failed, rate: ratePerSecond(ok, ended - started), latency: summarize(latencies) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function runLogins(target: Target, load: LoginLoad, durationMs: number): Promise<LoginResult> {
  return loginLoop(target, load, sleep(durationMs));
}
