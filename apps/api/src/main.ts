import { runCommand } from '@chat/api/shell';

void runCommand(process.argv.slice(2));
