import { isAllowedOrigin } from './origin';

describe('isAllowedOrigin', () => {
  const cors = ['https://app.example.com'];

  it('allows requests without Origin (scripts)', () => {
    expect(isAllowedOrigin(undefined, 'localhost:3000', cors)).toBe(true);
  });

  it('allows the app itself', () => {
    expect(isAllowedOrigin('http://localhost:3000', 'localhost:3000', [])).toBe(true);
    expect(isAllowedOrigin('http://LOCALHOST:3000', 'localhost:3000', [])).toBe(true);
    expect(isAllowedOrigin('https://chat.example.com', 'chat.example.com', [])).toBe(true);
  });

  it('allows the configured origins', () => {
    expect(isAllowedOrigin('https://app.example.com', 'api.example.com', cors)).toBe(true);
  });

  it('refuses other sites, other ports and opaque origins', () => {
    expect(isAllowedOrigin('https://evil.example', 'localhost:3000', cors)).toBe(false);
    expect(isAllowedOrigin('http://localhost:4000', 'localhost:3000', cors)).toBe(false);
    expect(isAllowedOrigin('null', 'localhost:3000', cors)).toBe(false);
    expect(isAllowedOrigin('file://x', 'localhost:3000', cors)).toBe(false);
    expect(isAllowedOrigin('https://app.example.com.evil.example', 'localhost:3000', cors)).toBe(false);
  });
});
