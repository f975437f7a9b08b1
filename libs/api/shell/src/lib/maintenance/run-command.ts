import { bootstrap } from '../bootstrap';
import { repairConversations } from './repair-conversations';

export const USAGE = `Usage: node dist/apps/api/main.js [command]

  (no command)           start the server
  repair-conversations   rebuild every conversation list from the messages (with the server stopped)`;

/** `main.ts`: the server, or a maintenance command named on the command line. */
export async function runCommand(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    await bootstrap();
    return;
  }
  if (command === 'repair-conversations' && rest.length === 0) {
    try {
      await repairConversations();
    } catch (error) {
      process.stderr.write(
        `repair-conversations failed: ${error instanceof Error ? error.message : error}\n`,
      );
      process.exitCode = 1;
    }
    return;
  }
  process.stderr.write(`Unknown command: ${argv.join(' ')}\n\n${USAGE}\n`);
  process.exitCode = 2;
}
