import type { Conversation, HistoryPage } from '@chat/shared/contracts';
import { LatencySummary, summarize } from '../lib/stats';
import { login, requestJson } from './http';
import type { HistoryJob, HistoryResult } from './protocol';

async function timed<T>(
  count: number,
  warmup: number,
  call: (i: number) => Promise<{ status: number; body: T }>,
): Promise<{ summary: LatencySummary; last: T }> {
  const samples: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < warmup + count; i++) {
    const t0 = performance.now();
    const reply = await call(i);
    const ms = performance.now() - t0;
    if (reply.status !== 200)
      throw new Error(`history request answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    if (i >= warmup) samples.push(ms);
    last = reply.body;
  }
  return { summary: summarize(samples), last: last as T };
}

/** REST reads one at a time: the newest page, pages deep in the conversation, and the conversation list. */
export async function runHistory(job: HistoryJob): Promise<HistoryResult> {
  const base = job.target.url;
  const ownerToken = await login(job.target, job.owner);
  const listToken = await login(job.target, job.listOwner);
  const newest = await timed(job.requests, job.warmupRequests, () =>
    requestJson<HistoryPage>(
      'GET',
      `${base}/api/messages?with=${job.peerId}&limit=${job.pageSize}`,
      undefined,
      ownerToken,
    ),
  );
  const deep = await timed(job.requests, job.warmupRequests, (i) =>
    requestJson<HistoryPage>(
      'GET',
      `${base}/api/messages?with=${job.peerId}&before=${job.deepCursors[i % job.deepCursors.length]}&limit=${job.pageSize}`,
      undefined,
      ownerToken,
    ),
  );
  const list = await timed(job.requests, job.warmupRequests, () =>
    requestJson<Conversation[]>('GET', `${base}/api/conversations`, undefined, listToken),
  );
  return {
    newest: newest.summary,
    deep: deep.summary,
    list: list.summary,
    newestCount: newest.last.messages.length,
    deepCount: deep.last.messages.length,
    listCount: list.last.length,
  };
}
