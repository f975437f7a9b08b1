import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Engine } from './lib/engine';

const USAGE = `Usage: npm run db -- [--port PORT] [--socket PATH.sock] [--dbpath DIR]

Serves the embedded MongoDB-compatible engine.
  --port PORT      listen on 127.0.0.1:PORT (0 picks a free port; default 27017 unless --socket is given)
  --socket PATH    listen on a Unix domain socket (its directory is created with mode 0700)
  --dbpath DIR     keep data durably in DIR (journal, checkpoints, lock file); omitted: memory only
  --host 127.0.0.1 the only accepted host (the engine has no user accounts)
  --checkpoint-mb MB  journal size that triggers a checkpoint (default 64)
`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        socket: { type: 'string' },
        dbpath: { type: 'string' },
        host: { type: 'string' },
        'checkpoint-mb': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = values.port !== undefined ? Number(values.port) : values.socket ? undefined : 27017;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    process.stderr.write(`invalid --port ${values.port}\n`);
    process.exit(2);
  }
  const checkpointMb = values['checkpoint-mb'] !== undefined ? Number(values['checkpoint-mb']) : undefined;
  if (checkpointMb !== undefined && !(checkpointMb > 0)) {
    process.stderr.write(`invalid --checkpoint-mb ${values['checkpoint-mb']}\n`);
    process.exit(2);
  }
  const engine = await Engine.start({
    port,
    host: values.host,
    socketPath: values.socket,
    dbPath: values.dbpath,
    checkpointBytes: checkpointMb !== undefined ? checkpointMb * 1024 * 1024 : undefined,
  });
  process.stdout.write(`embedded-mongo accepting connections at ${engine.uri}\n`);
  if (values.socket && port !== undefined) process.stdout.write(`embedded-mongo also listening at mongodb://127.0.0.1:${port}\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`embedded-mongo received ${signal}, shutting down\n`);
    engine.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`embedded-mongo failed to stop cleanly: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  // `npm run db` wraps this process in npm and nx, and npm exits on SIGTERM without passing it on:
  // stop as soon as either wrapper is gone.
  const watched = [process.ppid, parentOf(process.ppid)].filter((p): p is number => p !== undefined && p > 1);
  setInterval(() => {
    if (watched.some((pid) => !alive(pid))) shutdown('parent exit');
  }, 500).unref();
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded-mongo failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
