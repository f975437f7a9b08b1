import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import type { BenchArgs } from '../lib/args';
import type { BenchConfig } from '../lib/config';
import { Figure, figure } from '../lib/figures';
import { conversationIdOf } from '../lib/ids';
import { M, S } from '../lib/metrics';
import { median } from '../lib/stats';
import type {
  BenchUser,
  ConnectionsResult,
  HistoryResult,
  Job,
  JobResult,
  LatencyResult,
  LoginResult,
  Target,
  ThroughputResult,
} from '../loadgen/protocol';
import { chatDb, socketUri } from '../seed/chat-db';
import type { SeedResult } from '../seed/seed';
import {
  cpuTicksOf,
  rssOf,
  runLoadgen,
  runSeed,
  Service,
  sleep,
  startRelay,
  startServer,
  waitIdle,
} from './processes';

export interface BenchOutcome {
  figures: Figure[];
  notes: string[];
  failures: string[];
}

const PASSWORD = 'bench-password-0';
const LIMITS_OFF = {
  RATE_LIMIT_MESSAGES_PER_SEC: '0',
  RATE_LIMIT_LOGIN_PER_MIN: '0',
  RATE_LIMIT_REGISTER_PER_MIN: '0',
};
/** Under the default limits a login counts as failed until it succeeds (10 per minute per IP): stay below that. */
const LOGINS_AT_A_TIME = { limitsOff: 32, limitsOn: 4 };

function fixed(v: number | null | undefined, digits = 0): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : 'n/a';
}

function newRunId(tag: string): string {
  return `${tag}${Math.random().toString(36).slice(2, 7)}`;
}

type Log = (line: string) => void;

/**
 * Runs the selected scenarios against the relay and the real server (each started fresh where memory is measured)
 * and returns every figure with the relay's figure of the same run.
 */
export async function runBench(args: BenchArgs, cfg: BenchConfig, log: Log): Promise<BenchOutcome> {
  const root = process.cwd();
  const dist = join(root, 'dist/apps/bench');
  const mains = {
    api: join(root, 'dist/apps/api/main.js'),
    loadgen: join(dist, 'loadgen.js'),
    relay: join(dist, 'relay.js'),
    seed: join(dist, 'seed.js'),
  };
  for (const path of Object.values(mains)) {
    if (!existsSync(path))
      throw new Error(`${path} is missing: run the bench with \`npm run bench\`, which builds it first`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'chat-bench-'));
  const logs = join(tmp, 'logs');
  mkdirSync(logs);
  const profileDir = args.profileDir ? resolve(args.profileDir) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const run = new Run(cfg, mains, tmp, logs, profileDir, log);
  let ok = false;
  try {
    await run.all(new Set(args.scenarios));
    ok = run.failures.length === 0;
  } finally {
    if (args.keep || !ok) log(`data and logs kept in ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  return { figures: run.figures, notes: run.notes, failures: run.failures };
}

class Run {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];
  readonly failures: string[] = [];
  private readonly secret = randomBytes(48).toString('base64');
  private serverStarts = 0;
  private seeded?: SeedResult;
  private history?: SeedResult;
  private relayLatency?: LatencyResult;
  private serverLatency?: LatencyResult;

  constructor(
    private readonly cfg: BenchConfig,
    private readonly mains: { api: string; loadgen: string; relay: string; seed: string },
    private readonly tmp: string,
    private readonly logs: string,
    private readonly profileDir: string | null,
    private readonly log: Log,
  ) {}

  private get chatDir() {
    return join(this.tmp, 'chat');
  }

  private get historyDir() {
    return join(this.tmp, 'hist');
  }

  async all(selected: Set<number>): Promise<void> {
    const chat = [1, 2, 3, 5].some((n) => selected.has(n));
    if (chat) await this.step('seeding users', () => this.seedChat());
    if (selected.has(4)) await this.step('seeding history', () => this.seedHistory());

    // Memory is read first, on fresh processes; the other scenarios follow on the same processes.
    if ([1, 2, 3].some((n) => selected.has(n))) {
      await this.withRelay(async (relay) => {
        if (selected.has(3))
          await this.step('3 connections, relay', () => this.connections(relay, 'relay'), relay);
        if (selected.has(1)) await this.step('1 latency, relay', () => this.latency(relay, 'relay'), relay);
        if (selected.has(2))
          await this.step('2 throughput, relay', () => this.throughput(relay, 'relay'), relay);
      });
    }
    if ([1, 2, 3, 5].some((n) => selected.has(n))) {
      await this.withServer(this.chatDir, LIMITS_OFF, async (server) => {
        if (selected.has(3)) {
          await this.step('3 connections, server', () => this.connections(server, 'server'), server);
        }
        if (selected.has(1))
          await this.step('1 latency, server', () => this.latency(server, 'server'), server);
        if (selected.has(2))
          await this.step('2 throughput, server', () => this.throughput(server, 'server'), server);
        if (selected.has(5)) await this.step('5 logins, server', () => this.logins(server), server);
      });
    }
    if (selected.has(1)) {
      await this.withServer(this.chatDir, {}, (server) =>
        this.step('1 latency, server with default rate limits', () => this.latencyLimited(server)),
      );
    }
    if (selected.has(4)) {
      await this.withServer(this.historyDir, LIMITS_OFF, (server) =>
        this.step('4 history, server', () => this.historyReads(server)),
      );
    }
    this.assemble(selected);
  }

  // --- processes -------------------------------------------------------------------------------------------

  /** Runs one measurement; on a shared process, waits afterwards until that process is idle again. */
  private async step(name: string, work: () => Promise<void>, settle?: Service): Promise<void> {
    const t0 = performance.now();
    this.log(`▶ ${name}`);
    try {
      await work();
      this.log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failures.push(`${name}: ${message}`);
      this.log(`  FAILED: ${message}`);
    }
    if (settle?.running && !(await waitIdle(settle.pid, 120_000, this.cfg.idleWindowMs))) {
      this.notes.push(`after "${name}" the ${settle.name} was still busy 120 s later`);
    }
  }

  private async withRelay(work: (relay: Service) => Promise<void>): Promise<void> {
    let relay: Service | undefined;
    try {
      relay = await startRelay(this.mains.relay, join(this.logs, 'relay.log'));
    } catch (error) {
      this.failures.push(`relay start: ${(error as Error).message}`);
      return;
    }
    try {
      await work(relay);
    } finally {
      await relay.stop();
    }
  }

  private async withServer(
    dataDir: string,
    env: Record<string, string>,
    work: (server: Service) => Promise<void>,
  ): Promise<void> {
    let server: Service | undefined;
    const n = ++this.serverStarts;
    try {
      const t0 = performance.now();
      server = await startServer({
        main: this.mains.api,
        dataDir,
        logPath: join(this.logs, `server-${n}.log`),
        env: { JWT_SECRET: this.secret, ...env },
        profileDir: this.profileDir,
      });
      this.log(
        `  server #${n} up in ${((performance.now() - t0) / 1000).toFixed(1)} s (${server.url}, data ${dataDir})`,
      );
    } catch (error) {
      this.failures.push(`server start: ${(error as Error).message}`);
      return;
    }
    try {
      await work(server);
    } finally {
      await server.stop();
      const { exitCode, signalCode } = server.child;
      // Nest re-raises SIGTERM once its graceful shutdown is done, so dying of SIGTERM is the normal end.
      if (exitCode !== 0 && signalCode !== 'SIGTERM')
        this.notes.push(`server #${n} exited with ${exitCode ?? signalCode}`);
    }
  }

  /** The server's own first start creates its collections and indexes; the seeder then only adds documents. */
  private async prepare(dataDir: string): Promise<void> {
    await this.withServer(dataDir, LIMITS_OFF, async () => sleep(1000));
  }

  private async seedChat(): Promise<void> {
    await this.prepare(this.chatDir);
    const pairs = Math.max(this.cfg.latency.pairs, this.cfg.throughput.pairs);
    this.seeded = await runSeed(
      this.mains.seed,
      {
        dbPath: join(this.chatDir, 'db'),
        password: PASSWORD,
        groups: [
          { name: 'pair', count: 2 * pairs, cost: 4 },
          { name: 'conn', count: this.cfg.connections.sockets, cost: 4 },
          { name: 'login', count: this.cfg.logins.users, cost: 12 },
        ],
      },
      600_000,
    );
    this.log(`  seeded ${JSON.stringify(this.seeded.counts)}`);
  }

  private async seedHistory(): Promise<void> {
    await this.prepare(this.historyDir);
    const t0 = performance.now();
    this.history = await runSeed(
      this.mains.seed,
      {
        dbPath: join(this.historyDir, 'db'),
        password: PASSWORD,
        groups: [],
        history: { messages: this.cfg.history.messages, deepCursors: 50, textLength: this.cfg.textLength },
        list: { conversations: this.cfg.history.conversations, textLength: this.cfg.textLength },
      },
      1_800_000,
    );
    this.log(
      `  seeded ${JSON.stringify(this.history.counts)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }

  private target(service: Service, kind: Target['kind']): Target {
    return { kind, url: service.url };
  }

  private job<R extends JobResult>(
    job: Job,
    timeoutMs: number,
    onBarrier?: (name: string) => Promise<void>,
  ): Promise<R> {
    return runLoadgen(this.mains.loadgen, job, timeoutMs, onBarrier) as Promise<R>;
  }

  private users(group: string, count?: number): BenchUser[] {
    const all = this.seeded?.groups[group];
    if (!all) throw new Error(`no seeded users "${group}" (seeding failed)`);
    return count === undefined ? all : all.slice(0, count);
  }

  // --- scenarios ---------------------------------------------------------------------------------------------

  private results = new Map<string, JobResult>();

  private latencyJob(service: Service, kind: Target['kind'], loginConcurrency = LOGINS_AT_A_TIME.limitsOff) {
    const c = this.cfg.latency;
    return {
      kind: 'latency' as const,
      target: this.target(service, kind),
      users: this.users('pair', 2 * c.pairs),
      runId: newRunId('lat'),
      loginConcurrency,
      ratePerPair: c.ratePerPair,
      warmupMs: c.warmupMs,
      durationMs: c.durationMs,
      drainMs: c.drainMs,
      textLength: this.cfg.textLength,
    };
  }

  private latencyTimeout(): number {
    const c = this.cfg.latency;
    return c.warmupMs + c.durationMs + c.drainMs + 120_000;
  }

  private noteLatency(label: string, r: LatencyResult): void {
    this.notes.push(
      `${label}: ${r.measured} messages measured (${r.sent} sent), ${r.lost} lost, errors ${JSON.stringify(r.errors)}`,
    );
  }

  private async latency(service: Service, kind: Target['kind']): Promise<void> {
    const ticks = cpuTicksOf(service.pid);
    const r = await this.job<LatencyResult>(this.latencyJob(service, kind), this.latencyTimeout());
    this.noteLatency(`1 latency on the ${kind}`, r);
    const cpuUs = ((cpuTicksOf(service.pid) - ticks) * 10_000) / Math.max(1, r.sent);
    this.notes.push(
      `1 latency on the ${kind}: ${cpuUs.toFixed(0)} µs of CPU per message sent (logins and connects included)`,
    );
    if (kind === 'relay') this.relayLatency = r;
    else this.serverLatency = r;
  }

  private async latencyLimited(service: Service): Promise<void> {
    const r = await this.job<LatencyResult>(
      this.latencyJob(service, 'server', LOGINS_AT_A_TIME.limitsOn),
      this.latencyTimeout(),
    );
    this.noteLatency('1 latency on the server with default rate limits', r);
    this.results.set('latency-limited', r);
  }

  /** Messages of one run in the server's database (the runner reads the embedded engine over its Unix socket). */
  private async countStored(conversationIds: string[], runId: string): Promise<number> {
    const client = new MongoClient(socketUri(join(this.chatDir, 'db', 'mongod.sock')), {
      serverSelectionTimeoutMS: 5000,
    });
    try {
      await client.connect();
      const db = await chatDb(client);
      return await db
        .collection('messages')
        .countDocuments({ conversationId: { $in: conversationIds }, clientMsgId: { $regex: `^${runId}-` } });
    } finally {
      await client.close();
    }
  }

  private async throughput(service: Service, kind: Target['kind']): Promise<void> {
    const c = this.cfg.throughput;
    const users = this.users('pair', 2 * c.pairs);
    const conversations = Array.from({ length: c.pairs }, (_, i) =>
      conversationIdOf(users[2 * i].id, users[2 * i + 1].id),
    );
    const runId = newRunId('tp');
    const ticks = cpuTicksOf(service.pid);
    const r = await this.job<ThroughputResult>(
      {
        kind: 'throughput',
        target: this.target(service, kind),
        users,
        runId,
        loginConcurrency: LOGINS_AT_A_TIME.limitsOff,
        window: c.window,
        warmupMs: c.warmupMs,
        durationMs: c.durationMs,
        drainMs: c.drainMs,
        textLength: this.cfg.textLength,
      },
      c.warmupMs + c.durationMs + c.drainMs + 120_000,
    );
    this.notes.push(
      `2 throughput on the ${kind}: ${r.completed} completed in the window, ${r.sent} sent, ${r.acked} acked, ${r.lost} unanswered, errors ${JSON.stringify(r.errors)}`,
    );
    // CPU time of the process per message it handled (logins and connects included, as they are part of the run):
    // steadier than wall-clock rates on a machine shared with other work.
    const cpuMs = (cpuTicksOf(service.pid) - ticks) * 10;
    this.results.set(`throughput-${kind}`, {
      ...r,
      cpuUsPerMessage: (cpuMs * 1000) / Math.max(1, r.acked),
    } as never);
    if (kind === 'server') {
      // Every ok ack promises a stored message: count this run's messages in the database.
      const stored = await this.countStored(conversations, runId);
      this.results.set('throughput-missing', { stored, missing: Math.max(0, r.acked - stored) } as never);
      this.notes.push(
        `2 throughput on the server: ${stored} messages of the run found in the database for ${r.acked} ok acks`,
      );
    }
  }

  private async sampleRss(pid: number): Promise<number> {
    const samples: number[] = [];
    for (let i = 0; i < this.cfg.connections.rssSamples; i++) {
      if (i) await sleep(250);
      samples.push(rssOf(pid));
    }
    return median(samples);
  }

  private async connections(service: Service, kind: Target['kind']): Promise<void> {
    const c = this.cfg.connections;
    let empty = 0;
    let loaded = 0;
    const r = await this.job<ConnectionsResult>(
      {
        kind: 'connections',
        target: this.target(service, kind),
        users: this.users('conn', c.sockets),
        concurrency: c.concurrency,
      },
      600_000,
      async (name) => {
        if (name === 'authenticated') {
          await sleep(1000);
          empty = await this.sampleRss(service.pid);
        } else if (name === 'connected') {
          await sleep(c.settleMs);
          loaded = await this.sampleRss(service.pid);
        }
      },
    );
    const perSocketKb = r.sockets > 0 ? (loaded - empty) / r.sockets / 1024 : Number.NaN;
    this.results.set(`connections-${kind}`, { ...r, perSocketKb } as never);
    this.notes.push(
      `3 connections on the ${kind}: ${r.sockets} sockets open (${r.failed} failed), RSS ${(empty / 2 ** 20).toFixed(1)} MB empty → ${(loaded / 2 ** 20).toFixed(1)} MB`,
    );
  }

  private async historyReads(service: Service): Promise<void> {
    const h = this.history?.history;
    const l = this.history?.list;
    if (!h || !l) throw new Error('history was not seeded');
    const c = this.cfg.history;
    const r = await this.job<HistoryResult>(
      {
        kind: 'history',
        target: this.target(service, 'server'),
        owner: h.owner,
        peerId: h.peer.id,
        deepCursors: h.deepCursors,
        listOwner: l.owner,
        requests: c.requests,
        warmupRequests: c.warmupRequests,
        pageSize: c.pageSize,
      },
      600_000,
    );
    if (r.newestCount !== c.pageSize || r.deepCount !== c.pageSize || r.listCount !== c.conversations) {
      throw new Error(
        `wrong answers: newest page ${r.newestCount}, deep page ${r.deepCount} (want ${c.pageSize}), list ${r.listCount} (want ${c.conversations})`,
      );
    }
    this.results.set('history', r);
    this.notes.push(
      `4 history: ${c.messages.toLocaleString('en-US')} messages in one conversation, pages of ${c.pageSize}, ${c.conversations} conversations in the list, ${c.requests} requests each, one at a time`,
    );
  }

  private async logins(service: Service): Promise<void> {
    const c = this.cfg.logins;
    const load = { users: this.users('login'), concurrency: c.concurrency };
    const alone = await this.job<LoginResult>(
      { kind: 'logins', target: this.target(service, 'server'), ...load, durationMs: c.durationMs },
      c.durationMs + 60_000,
    );
    this.results.set('logins', alone);
    this.notes.push(
      `5 logins alone: ${alone.ok} ok, ${alone.failed} failed, p99 ${fixed(alone.latency.p99)} ms, ${c.concurrency} at a time`,
    );
    if (!this.serverLatency) await this.latency(service, 'server');
    const both = await this.job<LatencyResult>(
      { ...this.latencyJob(service, 'server'), logins: load },
      this.latencyTimeout(),
    );
    this.noteLatency('5 latency while logins run', both);
    if (both.logins)
      this.notes.push(`5 logins during latency: ${both.logins.ok} ok at ${fixed(both.logins.rate, 1)}/s`);
    this.results.set('latency-logins', both);
  }

  // --- figures -----------------------------------------------------------------------------------------------

  private assemble(selected: Set<number>): void {
    const f = (
      scenario: string,
      metric: string,
      unit: string,
      value: number | null | undefined,
      relay?: number | null,
    ) => this.figures.push(figure(scenario, metric, unit, value ?? null, relay ?? null));
    if (selected.has(1)) {
      const s = this.serverLatency;
      const r = this.relayLatency;
      f(S.latency, M.receiveP50, 'ms', s?.receive.p50, r?.receive.p50);
      f(S.latency, M.receiveP99, 'ms', s?.receive.p99, r?.receive.p99);
      f(S.latency, M.receiveP999, 'ms', s?.receive.p999, r?.receive.p999);
      f(S.latency, M.ackP50, 'ms', s?.ack.p50, r?.ack.p50);
      f(S.latency, M.ackP99, 'ms', s?.ack.p99, r?.ack.p99);
      f(S.latency, M.ackP999, 'ms', s?.ack.p999, r?.ack.p999);
      f(S.latency, M.deliveredRate, 'msg/s', s?.deliveredRate, r?.deliveredRate);
      f(S.latency, M.lost, 'messages', s?.lost, r?.lost);
      const lim = this.results.get('latency-limited') as LatencyResult | undefined;
      f(S.latency, M.receiveP99Limited, 'ms', lim?.receive.p99, r?.receive.p99);
      f(S.latency, M.ackP99Limited, 'ms', lim?.ack.p99, r?.ack.p99);
    }
    if (selected.has(2)) {
      const s = this.results.get('throughput-server') as ThroughputResult | undefined;
      const r = this.results.get('throughput-relay') as ThroughputResult | undefined;
      f(S.throughput, M.throughput, 'msg/s', s?.rate, r?.rate);
      type T = ThroughputResult & { cpuUsPerMessage: number };
      f(
        S.throughput,
        M.cpuPerMessage,
        'µs',
        (s as T | undefined)?.cpuUsPerMessage,
        (r as T | undefined)?.cpuUsPerMessage,
      );
      const check = this.results.get('throughput-missing') as { missing: number } | undefined;
      f(S.throughput, M.notStored, 'messages', check?.missing);
    }
    if (selected.has(3)) {
      type C = ConnectionsResult & { perSocketKb: number };
      const s = this.results.get('connections-server') as C | undefined;
      const r = this.results.get('connections-relay') as C | undefined;
      f(S.connections, M.rssPerSocket, 'KB', s?.perSocketKb, r?.perSocketKb);
      f(S.connections, M.connectRate, 'conn/s', s?.connectRate, r?.connectRate);
    }
    if (selected.has(4)) {
      const h = this.results.get('history') as HistoryResult | undefined;
      f(S.history, M.newestP50, 'ms', h?.newest.p50);
      f(S.history, M.newestP99, 'ms', h?.newest.p99);
      f(S.history, M.deepP50, 'ms', h?.deep.p50);
      f(S.history, M.deepP99, 'ms', h?.deep.p99);
      f(S.history, M.listP50, 'ms', h?.list.p50);
      f(S.history, M.listP99, 'ms', h?.list.p99);
    }
    if (selected.has(5)) {
      const alone = this.results.get('logins') as LoginResult | undefined;
      const both = this.results.get('latency-logins') as LatencyResult | undefined;
      const baseline = this.serverLatency?.receive.p99;
      f(S.logins, M.loginRate, 'logins/s', alone?.rate);
      f(S.logins, M.receiveP99DuringLogins, 'ms', both?.receive.p99);
      f(S.logins, M.loginsDuringLatency, 'logins/s', both?.logins?.rate);
      f(S.logins, M.loginSlowdown, '×', both && baseline ? both.receive.p99 / baseline : null);
    }
  }
}
