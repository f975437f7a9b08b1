import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection } from 'mongodb';
import { Types, type Connection } from 'mongoose';
import { AUDIT_LOG_OPTIONS, type AuditLogOptions } from './audit-log.options';

/** One recorded domain event. Ids only: never a message's text, a password or a token. */
export interface AuditEntry {
  event: string;
  at: Date;
  /** The user who acted. */
  actor: string;
  /** The other user concerned, if any. */
  subject?: string;
  data?: Record<string, string | number>;
}

interface StoredEntry {
  _id: Types.ObjectId;
  event: string;
  at: Date;
  actor: Types.ObjectId;
  subject?: Types.ObjectId;
  data?: Record<string, string | number>;
}

/** The audit log's own collection. */
@Injectable()
export class AuditLogService implements OnModuleInit {
  private readonly entries: Collection<StoredEntry>;

  constructor(
    @InjectConnection() connection: Connection,
    @Inject(AUDIT_LOG_OPTIONS) options: AuditLogOptions,
  ) {
    this.entries = connection.collection<StoredEntry>(
      options.collection ?? 'audit_log',
    ) as unknown as Collection<StoredEntry>;
  }

  async onModuleInit(): Promise<void> {
    await this.entries.createIndex({ actor: 1, at: -1 });
    await this.entries.createIndex({ event: 1, at: -1 });
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.entries.insertOne({
      _id: new Types.ObjectId(),
      event: entry.event,
      at: entry.at,
      actor: new Types.ObjectId(entry.actor),
      ...(entry.subject ? { subject: new Types.ObjectId(entry.subject) } : {}),
      ...(entry.data ? { data: entry.data } : {}),
    });
  }

  /** The newest entries about a user (as actor), newest first. */
  async forActor(actor: string, limit = 100): Promise<AuditEntry[]> {
    const docs = await this.entries
      .find({ actor: new Types.ObjectId(actor) })
      .sort({ at: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({
      event: d.event,
      at: d.at,
      actor: d.actor.toHexString(),
      ...(d.subject ? { subject: d.subject.toHexString() } : {}),
      ...(d.data ? { data: d.data } : {}),
    }));
  }
}
