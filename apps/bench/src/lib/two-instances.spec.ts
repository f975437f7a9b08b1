import type { LatencyResult, ThroughputResult } from '../loadgen/protocol';
import { markdownTable } from './figures';
import { TARGETS } from './metrics';
import { ONE_INSTANCE, twoInstanceFigures } from './two-instances';

function latency(p50: number, p99: number): LatencyResult {
  const summary = { count: 1000, p50, p99, p999: p99 * 2, max: p99 * 3, mean: p50 };
  return {
    sent: 1300,
    measured: 1000,
    errors: {},
    lost: 0,
    receive: summary,
    ack: { ...summary, p50: p50 / 2 },
    deliveredRate: 1000,
  };
}

function throughput(rate: number): ThroughputResult {
  return { rate, completed: rate * 3, acked: rate * 4, sent: rate * 4, errors: {}, lost: 0 };
}

describe('twoInstanceFigures', () => {
  const two = {
    latency: latency(4, 20),
    throughput: throughput(3000),
    cpuUsInstances: 500,
    cpuUsAll: 700,
    notStored: 0,
    storedTwice: 0,
  };
  const one = { latency: latency(2, 10), throughput: throughput(4000), cpuUs: 350 };

  it('puts the single-instance figure of the same run beside each comparable two-instance figure', () => {
    const rows = twoInstanceFigures(two, one);
    const byMetric = new Map(rows.map((f) => [f.metric, f]));
    expect(rows.every((f) => f.scenario === '6 two instances')).toBe(true);
    expect(byMetric.get('delivered and stored')).toEqual({
      scenario: '6 two instances',
      metric: 'delivered and stored',
      unit: 'msg/s',
      value: 3000,
      relay: 4000,
      ratio: 0.75,
      against: ONE_INSTANCE,
    });
    expect(byMetric.get('send → receive p99')).toMatchObject({ value: 20, relay: 10, ratio: 2 });
    expect(byMetric.get('send → ack p50')).toMatchObject({ value: 2, relay: 1, ratio: 2 });
    expect(byMetric.get('CPU time per message, instances + engine + Redis')).toMatchObject({
      value: 700,
      relay: 350,
      ratio: 2,
      against: ONE_INSTANCE,
    });
  });

  it('compares the instances-only CPU and the database checks with nothing', () => {
    const byMetric = new Map(twoInstanceFigures(two, one).map((f) => [f.metric, f]));
    for (const metric of [
      'CPU time per message, both instances',
      'acked but not in the database',
      'stored more than once',
    ]) {
      expect(byMetric.get(metric)).toMatchObject({ relay: null, ratio: null });
      expect(byMetric.get(metric)).not.toHaveProperty('against');
    }
  });

  it('leaves the comparison empty when scenarios 1 and 2 did not run, and a failed part empty too', () => {
    const rows = twoInstanceFigures({ throughput: throughput(3000), cpuUsAll: 700 }, {});
    expect(rows.find((f) => f.metric === 'delivered and stored')).toMatchObject({
      value: 3000,
      relay: null,
      ratio: null,
    });
    expect(rows.find((f) => f.metric === 'send → receive p99')).toMatchObject({ value: null, relay: null });
  });

  it('prints rows with the one-instance label and judges the database checks', () => {
    const table = markdownTable(twoInstanceFigures(two, one), TARGETS);
    expect(table).toContain(
      '| 6 two instances | delivered and stored | 3,000 msg/s | 4,000 msg/s (one instance) | 75.0% |  |',
    );
    expect(table).toContain(
      '| 6 two instances | stored more than once | 0 messages | – | – | ≤ 0 messages ✅ |',
    );
    expect(table).toContain(
      '| 6 two instances | unanswered (lost) messages | 0 messages | 0 messages (one instance) | – | ≤ 0 messages ✅ |',
    );
  });
});
