import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BROWSER_DIST = resolve(__dirname, '../../../dist/apps/web/browser');
/** The budget for the JavaScript a first visit downloads, gzipped. */
const INITIAL_JS_BUDGET = 200 * 1024;

/** Scripts the built index.html loads before the app can start: its module scripts and their modulepreloads. */
export function initialScripts(indexHtml: string): string[] {
  const sources = [...indexHtml.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)].map((match) => match[1]);
  const preloads = [...indexHtml.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)].map(
    (match) => match[1],
  );
  return [...new Set([...sources, ...preloads])];
}

describe('the production build', () => {
  it(`keeps the initial JavaScript within ${INITIAL_JS_BUDGET / 1024} KB gzipped`, () => {
    const scripts = initialScripts(readFileSync(join(BROWSER_DIST, 'index.html'), 'utf8'));
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((file) => {
      const content = readFileSync(join(BROWSER_DIST, file));
      return { file, raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
    });
    const total = sizes.reduce((sum, size) => sum + size.gzip, 0);
    const raw = sizes.reduce((sum, size) => sum + size.raw, 0);
    process.stdout.write(
      `initial JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (${(raw / 1024).toFixed(1)} KB raw) in ` +
        `${sizes.map((size) => size.file).join(', ')}\n`,
    );
    expect(total).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
  });

  it('keeps the socket client out of the initial JavaScript (it loads with the chat)', () => {
    const scripts = initialScripts(readFileSync(join(BROWSER_DIST, 'index.html'), 'utf8'));
    const initial = scripts.map((file) => readFileSync(join(BROWSER_DIST, file), 'utf8')).join('\n');
    // engine.io's transport names appear in no other code.
    expect(initial).not.toMatch(/websocket.*polling|polling.*websocket/s);
  });
});
