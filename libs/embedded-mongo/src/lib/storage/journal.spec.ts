import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FRAME_HEADER } from './framing';
import { JOURNAL_MAGIC, JournalWriter, listSegments, readSegment, segmentName } from './journal';

describe('journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const payload = (i: number) => Buffer.from(`frame-${i}-${'x'.repeat(i % 37)}`);

  function readAll(seq = 1): { payloads: string[]; torn: boolean; validSize: number } {
    const payloads: string[] = [];
    const r = readSegment(path.join(dir, segmentName(seq)), (p) => payloads.push(p.toString()));
    return { payloads, torn: r.torn, validSize: r.validSize };
  }

  it('reads back what was appended, in order', async () => {
    const w = await JournalWriter.open(dir, 1, 0);
    for (let i = 0; i < 50; i++) await w.append(payload(i));
    await w.close();
    const r = readAll();
    expect(r.payloads).toEqual(Array.from({ length: 50 }, (_, i) => payload(i).toString()));
    expect(r.torn).toBe(false);
  });

  it('groups concurrent appends into few fsyncs', async () => {
    const w = await JournalWriter.open(dir, 1, 0);
    await Promise.all(Array.from({ length: 200 }, (_, i) => w.append(payload(i))));
    expect(w.syncs).toBeLessThan(20);
    await w.close();
    expect(readAll().payloads).toHaveLength(200);
  });

  it('drops a torn tail at any cut point and resumes appending after it', async () => {
    const w = await JournalWriter.open(dir, 1, 0);
    for (let i = 0; i < 5; i++) await w.append(payload(i));
    await w.close();
    const file = path.join(dir, segmentName(1));
    const full = fs.readFileSync(file);
    const lastFrameStart = full.length - (FRAME_HEADER + payload(4).length);
    for (let cut = lastFrameStart + 1; cut < full.length; cut++) {
      fs.writeFileSync(file, full.subarray(0, cut));
      const r = readAll();
      expect(r.payloads).toHaveLength(4);
      expect(r.torn).toBe(true);
      expect(r.validSize).toBe(lastFrameStart);
    }
    const reopened = await JournalWriter.open(dir, 1, lastFrameStart);
    await reopened.append(Buffer.from('after-recovery'));
    await reopened.close();
    expect(readAll().payloads.slice(-2)).toEqual([payload(3).toString(), 'after-recovery']);
  });

  it('stops at a frame whose checksum does not match', async () => {
    const w = await JournalWriter.open(dir, 1, 0);
    for (let i = 0; i < 3; i++) await w.append(payload(i));
    await w.close();
    const file = path.join(dir, segmentName(1));
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 2] ^= 0x55;
    fs.writeFileSync(file, bytes);
    const r = readAll();
    expect(r.payloads).toHaveLength(2);
    expect(r.torn).toBe(true);
  });

  it('rotates to a new segment for appends made after rotate()', async () => {
    const w = await JournalWriter.open(dir, 1, 0);
    const a = w.append(Buffer.from('old'));
    const rotated = w.rotate(2);
    const b = w.append(Buffer.from('new'));
    await Promise.all([a, rotated, b]);
    await w.close();
    expect(listSegments(dir)).toEqual([1, 2]);
    expect(readAll(1).payloads).toEqual(['old']);
    expect(readAll(2).payloads).toEqual(['new']);
  });

  it('reserves space ahead and reads a preallocated (zero) tail as a clean end', async () => {
    const w = await JournalWriter.open(dir, 1, 0);
    for (let i = 0; i < 10; i++) await w.append(payload(i));
    const file = path.join(dir, segmentName(1));
    expect(fs.statSync(file).size).toBeGreaterThan(w.size);
    const r = readAll();
    expect(r.payloads).toHaveLength(10);
    expect(r.torn).toBe(false);
    expect(r.validSize).toBe(w.size);
    await w.close();
    expect(fs.statSync(file).size).toBe(r.validSize);
  });

  it('reports garbage after the zero tail as torn', async () => {
    const w = await JournalWriter.open(dir, 1, 0);
    await w.append(payload(1));
    const size = w.size;
    await w.close();
    const file = path.join(dir, segmentName(1));
    fs.appendFileSync(file, Buffer.concat([Buffer.alloc(16), Buffer.from([7])]));
    const r = readAll();
    expect(r.validSize).toBe(size);
    expect(r.torn).toBe(true);
  });

  it('rejects a file that is not a journal', () => {
    fs.writeFileSync(path.join(dir, segmentName(1)), Buffer.from('NOTAJRNL and more'));
    expect(() => readAll()).toThrow(/bad header/);
    expect(JOURNAL_MAGIC.length).toBe(8);
  });
});
