import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../../..');
const START_TIMEOUT_MS = 120_000;

/** A child process of the suite, with its output kept for failure messages. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  running(): boolean;
  /** Resolves with the first capture group once the output matches. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Sends `signal` and waits for the exit (SIGTERM escalates to SIGKILL after 15 s). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Every process the suite started and has not seen exit: `stopAll()` ends them, whatever happened. */
const started = new Set<ManagedProcess>();

export function startProcess(name: string, args: string[], env: Record<string, string>): ManagedProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    listeners.forEach((listener) => listener());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let alive = true;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const managed: ManagedProcess = {
    name,
    child,
    output: () => output,
    running: () => alive,
    waitFor(pattern) {
      return new Promise<string>((resolveMatch, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`${name} did not start in time:\n${output}`)),
          START_TIMEOUT_MS,
        );
        const check = () => {
          const match = pattern.exec(output);
          if (match) finish(undefined, match[1] ?? match[0]);
          else if (!alive) finish(new Error(`${name} exited before it was ready:\n${output}`));
        };
        const finish = (error?: Error, value?: string) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolveMatch(value ?? '');
        };
        listeners.add(check);
        check();
      });
    },
    async kill(signal = 'SIGTERM') {
      if (!alive) return;
      child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
  void exited.then(() => {
    alive = false;
    started.delete(managed);
    listeners.forEach((listener) => listener());
  });
  started.add(managed);
  return managed;
}

/** Ends every process still running (SIGKILL): for `afterAll`, even after a failure. */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((p) => p.kill('SIGKILL')));
}
