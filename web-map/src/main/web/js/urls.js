// Pure URL helpers: everything is resolved against the page's base URL, so the map also works
// behind a path prefix (https://host/prefix/ → https://host/prefix/api/..., wss://host/prefix/ws).

/** REST URL of `path` ('api/servers', ...) relative to the page base. */
export function apiUrl(base, path) {
  return new URL(path, base).href;
}

/** URL of the players of one server (needs the access token when the server has one). */
export function playersUrl(base, server) {
  return apiUrl(base, `api/servers/${encodeURIComponent(server)}/players`);
}

/**
 * WebSocket URL for one server (or all when server is null), ws: or wss: after the page; with an
 * access token, `&token=<token>` (browsers cannot set headers on a WebSocket).
 */
export function wsUrl(base, server, token = null) {
  const url = new URL('ws', base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (server != null) url.searchParams.set('server', server);
  if (token != null && token !== '') url.searchParams.set('token', token);
  return url.href;
}

/** Game coordinates as the `at` endpoint accepts them: plain decimals, at most 3 places. */
function coordinate(n) {
  if (!Number.isFinite(n)) throw new RangeError(`coordinate must be a finite number, got ${n}`);
  const r = Math.round(n * 1000) / 1000;
  return String(Object.is(r, -0) ? 0 : r);
}

/** URL of "what is here?" at game (x, y) of one surface. */
export function atUrl(base, server, surface, x, y) {
  if (!Number.isInteger(surface) || surface < 1) throw new RangeError(`surface must be an integer >= 1, got ${surface}`);
  const url = new URL(`api/servers/${encodeURIComponent(server)}/surfaces/${surface}/at`, base);
  url.searchParams.set('x', coordinate(x));
  url.searchParams.set('y', coordinate(y));
  return url.href;
}

/** URL of the map tags of one surface. */
export function tagsUrl(base, server, surface) {
  return apiUrl(base, `api/servers/${encodeURIComponent(server)}/surfaces/${surface}/tags`);
}

/** URL of the change log of one server: {player, limit, before} optional. */
export function changesUrl(base, server, { player = null, limit = null, before = null } = {}) {
  const url = new URL(`api/servers/${encodeURIComponent(server)}/changes`, base);
  if (player != null) url.searchParams.set('player', String(player));
  if (limit != null) url.searchParams.set('limit', String(limit));
  if (before != null) url.searchParams.set('before', String(before));
  return url.href;
}

/** Reconnect delay for the n-th consecutive failure (0-based): exponential, capped, with jitter. */
export function backoffDelay(attempt, { initialMs = 500, maxMs = 30_000, factor = 2, jitter = 0.2 } = {}, random = Math.random) {
  const base = Math.min(maxMs, initialMs * Math.pow(factor, Math.max(0, attempt)));
  return Math.min(maxMs, Math.round(base * (1 - jitter + 2 * jitter * random())));
}

/** First URL path segment of each map layer (protocol WsMessages.Layer.pathSegment). */
export const TILE_PATHS = Object.freeze({ terrain: 'tiles', chart: 'chart-tiles', entities: 'entity-tiles' });

/**
 * URL of one map tile: `<tiles|chart-tiles>/<server>/<surface>/<z>/<x>/<y>.png` relative to the page
 * base; with an etag, the versioned (immutable) URL `...png?v=<etag>`. x, y and z may be negative.
 */
export function tileUrl(base, { layer, server, surface, z, x, y }, etag = null) {
  const segment = Object.hasOwn(TILE_PATHS, layer) ? TILE_PATHS[layer] : null;
  if (segment === null) throw new RangeError(`unknown tile layer '${layer}'`);
  for (const [name, n] of [['surface', surface], ['z', z], ['x', x], ['y', y]]) {
    if (!Number.isInteger(n)) throw new RangeError(`tile ${name} must be an integer, got ${n}`);
  }
  const url = new URL(`${segment}/${encodeURIComponent(server)}/${surface}/${z}/${x}/${y}.png`, base);
  if (etag != null && etag !== '') url.searchParams.set('v', etag);
  return url.href;
}

/** URL of the surfaces of one server. */
export function surfacesUrl(base, server) {
  return apiUrl(base, `api/servers/${encodeURIComponent(server)}/surfaces`);
}
