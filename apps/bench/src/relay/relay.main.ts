import { startRelay } from './relay';

/** The relay as a process of its own: `PORT=4100 node dist/apps/bench/relay.js`. */
async function main(): Promise<void> {
  const relay = await startRelay(Number(process.env['PORT'] ?? 0));
  console.log(`relay listening on ${relay.url}`);
  const stop = () => void relay.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
