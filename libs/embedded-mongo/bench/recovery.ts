import { type Document, ObjectId } from 'bson';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { spawnEngine } from '../src/testing/engine-process';
import { Engine } from '../src/lib/engine';
import { message } from './docs';
import { WireClient } from './wire-client';

export interface RecoveryResult {
  inserts: number;
  journalMiB: number;
  frames: number;
  seconds: number;
  verified: number;
}

/**
 * Writes `total` inserts (batches of `perCommand`, each batch one journal frame) with checkpoints
 * disabled, kills the engine with SIGKILL, then times recovery of the journal by a fresh engine.
 */
export async function recoveryTime(total: number, perCommand: number): Promise<RecoveryResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-recovery-'));
  const dbPath = path.join(dir, 'db');
  const socket = path.join(dir, 'run', 'mongod.sock');
  try {
    const engine = await spawnEngine(['--socket', socket, '--dbpath', dbPath, '--checkpoint-mb', '1000000']);
    const client = await WireClient.connect({ path: socket });
    await client.command({ createIndexes: 'messages', indexes: [{ key: { conversationId: 1, _id: -1 }, name: 'conversationId_1__id_-1' }], $db: 'bench' });
    const convs = Array.from({ length: 1000 }, () => new ObjectId());
    for (let start = 0; start < total; start += perCommand) {
      const docs: Document[] = [];
      for (let i = start; i < Math.min(total, start + perCommand); i++) docs.push(message(convs[i % convs.length], i));
      const reply = await client.command({ insert: 'messages', documents: docs, $db: 'bench' });
      if (reply['n'] !== docs.length) throw new Error(`load failed: ${JSON.stringify(reply)}`);
    }
    client.close();
    engine.child.kill('SIGKILL');
    await engine.exited;
    const journalBytes = fs
      .readdirSync(dbPath)
      .filter((f) => f.endsWith('.wal'))
      .reduce((n, f) => n + fs.statSync(path.join(dbPath, f)).size, 0);
    if (fs.readdirSync(dbPath).some((f) => f.endsWith('.ckpt'))) throw new Error('a checkpoint was taken; the journal is not complete');

    const t0 = process.hrtime.bigint();
    const recovered = await Engine.start({ port: 0, dbPath, checkpointBytes: Number.MAX_SAFE_INTEGER });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const mc = await MongoClient.connect(recovered.uri);
    const verified = await mc.db('bench').collection('messages').estimatedDocumentCount();
    await mc.close();
    const frames = recovered.durable?.recovery.frames ?? 0;
    await recovered.stop();
    if (verified !== total) throw new Error(`recovered ${verified} of ${total} documents`);
    return { inserts: total, journalMiB: journalBytes / 2 ** 20, frames, seconds, verified };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
