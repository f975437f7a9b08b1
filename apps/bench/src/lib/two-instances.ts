import type { LatencyResult, ThroughputResult } from '../loadgen/protocol';
import { Figure, figure } from './figures';
import { M, S } from './metrics';

/** What scenario 6 compares with: the single-instance server of the same run (scenarios 1 and 2). */
export const ONE_INSTANCE = 'one instance';

/** What scenario 6 measured on two instances; a part that failed or did not run is absent. */
export interface TwoInstanceRun {
  latency?: LatencyResult;
  throughput?: ThroughputResult;
  /** CPU time of both instances over the throughput run ÷ messages acked, in µs. */
  cpuUsInstances?: number;
  /** The same with the engine process and redis-server added: what one instance spends with its engine inside. */
  cpuUsAll?: number;
  /** Ok acks of the throughput run whose message is not in the database. */
  notStored?: number;
  /** Messages of the throughput run stored more than once (documents beyond one per `clientMsgId`). */
  storedTwice?: number;
}

/** The single-instance figures of the same run (scenario 1 on the server, scenario 2 on the server). */
export interface OneInstanceRun {
  latency?: LatencyResult;
  throughput?: ThroughputResult;
  /** CPU time of the server process over its throughput run ÷ messages acked, in µs (its engine runs inside). */
  cpuUs?: number;
}

/**
 * The rows of scenario 6: each two-instance figure with the single-instance figure of the same run in the relay
 * column (marked `against: "one instance"`) and their ratio. The instances-only CPU row has no comparison, since
 * the single instance's figure includes its in-process engine; the row with the engine and Redis added has one.
 */
export function twoInstanceFigures(two: TwoInstanceRun, one: OneInstanceRun): Figure[] {
  const row = (metric: string, unit: string, value?: number | null, single?: number | null) =>
    figure(S.twoInstances, metric, unit, value ?? null, single ?? null, ONE_INSTANCE);
  const l = two.latency;
  const s = one.latency;
  const t = two.throughput;
  return [
    row(M.throughput, 'msg/s', t?.rate, one.throughput?.rate),
    figure(S.twoInstances, M.cpuPerMessageInstances, 'µs', two.cpuUsInstances ?? null),
    row(M.cpuPerMessageAll, 'µs', two.cpuUsAll, one.cpuUs),
    figure(S.twoInstances, M.notStored, 'messages', two.notStored ?? null),
    figure(S.twoInstances, M.storedTwice, 'messages', two.storedTwice ?? null),
    row(M.receiveP50, 'ms', l?.receive.p50, s?.receive.p50),
    row(M.receiveP99, 'ms', l?.receive.p99, s?.receive.p99),
    row(M.receiveP999, 'ms', l?.receive.p999, s?.receive.p999),
    row(M.ackP50, 'ms', l?.ack.p50, s?.ack.p50),
    row(M.ackP99, 'ms', l?.ack.p99, s?.ack.p99),
    row(M.ackP999, 'ms', l?.ack.p999, s?.ack.p999),
    row(M.deliveredRate, 'msg/s', l?.deliveredRate, s?.deliveredRate),
    row(M.lost, 'messages', l?.lost, s?.lost),
  ];
}
