import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

/** The workspace root, where `@swc-node/register` resolves. */
export const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
const CLI = path.join(WORKSPACE_ROOT, 'libs/embedded-mongo/src/cli.ts');

export interface EngineProcess {
  child: ChildProcess;
  uri: string;
  /** Everything the process printed. */
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Runs the engine's command line in a child process and waits for its "accepting connections" line.
 * ENGINE_NODE_ARGS adds Node options to the child (e.g. "--cpu-prof" when profiling a benchmark).
 */
export function spawnEngine(args: string[], timeoutMs = 30_000): Promise<EngineProcess> {
  const nodeArgs = (process.env['ENGINE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', CLI, ...args], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: path.join(WORKSPACE_ROOT, 'libs/embedded-mongo/tsconfig.lib.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise<EngineProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`engine did not start in time:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /accepting connections at (mongodb:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, uri: m[1], output: () => out, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`engine exited with ${code} before accepting connections:\n${out}`));
    });
  });
}
