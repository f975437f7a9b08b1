import { start } from '@chat/embedded-mongo';

/**
 * Scenario 6's database: the embedded engine as a process of its own on a data directory (durable, as in the
 * single-instance runs) over TCP on 127.0.0.1, as `npm run db -- --port N --dbpath DIR` serves it, for two server
 * instances to share. Forked by the runner with an IPC channel: it gets `{ dbPath }`, answers
 * `{ type: 'ready', uri }`, and stops cleanly on SIGTERM or as soon as the runner is gone.
 */
if (!process.send) {
  console.error('the bench engine is started by the bench runner (npm run bench), with an IPC channel');
  process.exit(2);
}

process.once('message', ({ dbPath }: { dbPath: string }) => {
  start({ port: 0, dbPath }).then(
    (engine) => {
      let stopping = false;
      const stop = (why: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`engine: ${why}, stopping`);
        engine.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(`engine failed to stop cleanly: ${(error as Error).message}`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('disconnect', () => stop('the runner is gone'));
      console.log(`engine: accepting connections at ${engine.uri} (data ${dbPath})`);
      process.send?.({ type: 'ready', uri: engine.uri });
    },
    (error: unknown) => {
      process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      setTimeout(() => process.exit(1), 50);
    },
  );
});
