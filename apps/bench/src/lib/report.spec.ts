import { benchConfig } from './config';
import { figure } from './figures';
import { markdownReport } from './report';

describe('markdownReport', () => {
  const info = {
    date: '2026-01-01T00:00:00Z',
    command: 'npm run bench -- --quick',
    node: 'v20',
    cpus: '2 × CPU',
    loadAverage: [1, 2, 3],
    seconds: 61.4,
  };

  it('says how it was run, shows the table and explains only the scenarios that ran', () => {
    const page = markdownReport(
      info,
      benchConfig(true),
      [2],
      [figure('2 throughput', 'delivered and stored', 'msg/s', 1, 2)],
      ['a note'],
      [],
    );
    expect(page).toContain('Run `npm run bench -- --quick` on 2026-01-01T00:00:00Z');
    expect(page).toContain('took 61 s');
    expect(page).toContain(
      '| 2 throughput | delivered and stored | 1 msg/s | 2 msg/s | 50.0% | ≥ 15% of relay ✅ |',
    );
    expect(page).toContain('- Throughput: 50 pairs');
    expect(page).not.toContain('- Latency:');
    expect(page).toContain('- a note');
    expect(page).not.toContain('Failures');
  });

  it('lists failures', () => {
    expect(markdownReport(info, benchConfig(false), [1], [], [], ['1 latency: boom'])).toContain(
      'Failures:\n\n- 1 latency: boom',
    );
  });
});
