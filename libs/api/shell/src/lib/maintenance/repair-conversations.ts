import { NestFactory } from '@nestjs/core';
import { ConversationViewsRebuilder, RebuildReport } from '@chat/api/data-access';
import { MaintenanceModule } from './maintenance.module';

/**
 * `node dist/apps/api/main.js repair-conversations`: rebuilds every user's conversation list from the messages,
 * on the database the server would use (`MONGODB_URI`, or the embedded engine on `DATA_DIR`, which refuses to open
 * while a server holds it). Run it with the server stopped.
 */
export async function repairConversations(
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RebuildReport> {
  const context = await NestFactory.createApplicationContext(MaintenanceModule.forRoot(), {
    logger: ['error', 'warn'],
  });
  try {
    const report = await context
      .get(ConversationViewsRebuilder)
      .rebuildAll((progress) => log(`${progress.conversations} conversations checked…`));
    log(
      `conversations: ${report.conversations} checked, ${report.repaired} rows repaired, ` +
        `${report.removed} rows without messages removed`,
    );
    return report;
  } finally {
    await context.close();
  }
}
