// Pure URL helpers: everything is resolved against the page's base URL, so the map also works
// behind a path prefix (https://host/prefix/ → https://host/prefix/api/..., wss://host/prefix/ws).

/** REST URL of `path` ('api/servers', ...) relative to the page base. */
export function apiUrl(base, path) {
  return new URL(path, base).href;
}

/** URL of the players of one server. */
export function playersUrl(base, server) {
  return apiUrl(base, `api/servers/${encodeURIComponent(server)}/players`);
}

/** WebSocket URL for one server (or all when server is null), ws: or wss: after the page. */
export function wsUrl(base, server) {
  const url = new URL('ws', base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (server != null) url.searchParams.set('server', server);
  return url.href;
}

/** Reconnect delay for the n-th consecutive failure (0-based): exponential, capped, with jitter. */
export function backoffDelay(attempt, { initialMs = 500, maxMs = 30_000, factor = 2, jitter = 0.2 } = {}, random = Math.random) {
  const base = Math.min(maxMs, initialMs * Math.pow(factor, Math.max(0, attempt)));
  return Math.min(maxMs, Math.round(base * (1 - jitter + 2 * jitter * random())));
}
