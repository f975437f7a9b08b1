import { figure, formatNumber, markdownTable, meets, round, Target } from './figures';

describe('figure', () => {
  it('computes the ratio to the relay', () => {
    expect(figure('2 throughput', 'delivered', 'msg/s', 20_000, 100_000)).toEqual({
      scenario: '2 throughput',
      metric: 'delivered',
      unit: 'msg/s',
      value: 20_000,
      relay: 100_000,
      ratio: 0.2,
    });
  });

  it('leaves the ratio out where the relay has no figure, and drops non-finite numbers', () => {
    expect(figure('4 history', 'newest page p99', 'ms', 3.2).ratio).toBeNull();
    expect(figure('4 history', 'newest page p99', 'ms', Number.NaN).value).toBeNull();
    expect(figure('1 latency', 'p99', 'ms', 5, 0).ratio).toBeNull();
  });

  it('rounds to four significant digits', () => {
    expect(round(1234.5678)).toBe(1235);
    expect(round(0.0123456)).toBe(0.01235);
    expect(figure('x', 'y', 'ms', 2, 3).ratio).toBe(0.667);
  });
});

describe('formatting', () => {
  it('formats numbers for people', () => {
    expect(formatNumber(123456.7)).toBe('123,457');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1.2345)).toBe('1.23');
    expect(formatNumber(0.12345)).toBe('0.123');
    expect(formatNumber(null)).toBe('–');
  });

  it('prints a markdown table with targets', () => {
    const targets: Target[] = [
      { scenario: '1 latency', metric: 'receive p99', on: 'value', kind: 'max', limit: 10 },
      { scenario: '1 latency', metric: 'receive p99', on: 'ratio', kind: 'max', limit: 5 },
      { scenario: '2 throughput', metric: 'delivered', on: 'ratio', kind: 'min', limit: 0.15 },
    ];
    const table = markdownTable(
      [
        figure('1 latency', 'receive p99', 'ms', 4, 1),
        figure('2 throughput', 'delivered', 'msg/s', 10_000, 100_000),
      ],
      targets,
    );
    const lines = table.split('\n');
    expect(lines[0]).toBe('| Scenario | Metric | Value | Relay | Ratio | Target |');
    expect(lines[1]).toBe('| --- | --- | --- | --- | --- | --- |');
    expect(lines[2]).toBe('| 1 latency | receive p99 | 4 ms | 1 ms | 4.00× | ≤ 10 ms ✅, ≤ 5× relay ✅ |');
    expect(lines[3]).toBe(
      '| 2 throughput | delivered | 10,000 msg/s | 100,000 msg/s | 10.0% | ≥ 15% of relay ❌ |',
    );
  });

  it('says when a target cannot be judged', () => {
    const t: Target = { scenario: 's', metric: 'm', on: 'ratio', kind: 'max', limit: 2 };
    expect(meets(figure('s', 'm', 'ms', 3), t)).toBeNull();
    expect(markdownTable([figure('s', 'm', 'ms', 3)], [t])).toContain('≤ 2× relay ?');
  });
});
