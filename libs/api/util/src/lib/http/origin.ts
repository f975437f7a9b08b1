/**
 * Whether a request's `Origin` may use the app: its own origin (same host as the request), or one of the
 * configured CORS origins. A request without `Origin` (a script, a bot) is not a browser's cross-site request,
 * so it is allowed here and judged by its credentials alone.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (allowedOrigins.includes(url.origin)) return true;
  return host !== undefined && url.host === host.toLowerCase();
}
